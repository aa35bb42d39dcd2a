# A one-node Slurm cluster in a scratch folder (sourced): munged with its
# own key and socket, slurmctld and slurmd as root on free local ports,
# no cgroups and no accounting. cluster_start exports SLURM_CONF so that
# sbatch, squeue and scontrol talk to it; cluster_stop stops the three
# daemons this script started (by their pid files) and nothing else.

cluster_start() {
  local dir=$1
  mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
  chmod 711 "$dir/munge"
  head -c 1024 /dev/urandom > "$dir/munge/munge.key"
  chmod 400 "$dir/munge/munge.key"
  cluster_dir=$dir
  munged --force -S "$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
    --log-file="$dir/munge/munged.log" --pid-file="$dir/munge/munged.pid" \
    --seed-file="$dir/munge/munged.seed" < /dev/null > "$dir/munge/munged.out" 2>&1 || return 1
  local ports host memory
  ports=$(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')
  host=$(hostname -s)
  cat > "$dir/slurm.conf" <<CONF
ClusterName=pliegotest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=${ports% *}
SlurmdPort=${ports#* }
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
MinJobAge=3600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=2048 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$dir/slurm.conf
  # the daemons log to files; they must not hold the test's output open
  slurmctld -i < /dev/null > "$dir/slurmctld.out" 2>&1 || return 1
  slurmd < /dev/null > "$dir/slurmd.out" 2>&1 || return 1
  local i
  for i in $(seq 60); do
    sinfo -h -o '%t' 2>/dev/null | grep -qx idle && return 0
    sleep 0.5
  done
  echo "the Slurm node did not come up; slurmctld.log ends:" >&2
  tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2
  return 1
}

# stop_by_pid_file FILE: the daemon whose pid FILE holds, waiting for it
stop_by_pid_file() {
  local pid
  [ -s "$1" ] || return 0
  pid=$(cat "$1")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

cluster_stop() {
  [ -n "${cluster_dir:-}" ] || return 0
  scancel --quiet --user=root 2>/dev/null || true
  stop_by_pid_file "$cluster_dir/slurmd.pid"
  stop_by_pid_file "$cluster_dir/slurmctld.pid"
  stop_by_pid_file "$cluster_dir/munge/munged.pid"
  cluster_dir=
}
