/* A statement inside five nested statements, braces or not: deeper than 4. */
int too_deep(int n);

int too_deep(int n)
{
    int total = 0;
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++) {
            if (a < b)
                while (total < 100) {
                    if (total % 2)
                        total += 3;
                    else
                        total++;
                }
        }
    return total;
}
