/* What the libraries under libpliego want done once per process before
 * two threads use them. */
#ifndef PLIEGO_INIT_H
#define PLIEGO_INIT_H

/* Initialises libxml2 (xmlInitParser), once, whichever thread comes
 * first; the others wait for it. libxml2 before 2.11 asks to be
 * initialised before threads use it, and does so itself only lazily and
 * not under a lock everywhere (its dictionaries' mutex). Every public
 * function that may be a program's first call into libpliego calls this,
 * so a program need not know. */
void pliego_init_once(void);

#endif
