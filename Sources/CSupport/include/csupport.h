#ifndef BUURT_CSUPPORT_H
#define BUURT_CSUPPORT_H
#include "buurt_meet.h"
#include "buurt_collect.h"
/// Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE). Returns 0 or -1 with errno set.
int buurt_exchange_paths(const char *a, const char *b);
/// Peak resident set size of this process in KiB (getrusage ru_maxrss).
long buurt_peak_rss_kib(void);
/// Install a SIGINT/SIGTERM handler that only sets a flag; read it with buurt_interrupted().
void buurt_install_interrupt_handler(void);
int buurt_interrupted(void);
void buurt_reset_interrupt(void);
/// Asks the processor to bring the cache line holding `p` closer: a hint that never faults and
/// changes no value (`World.prefetchMembers`).
static inline void buurt_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }
#endif
