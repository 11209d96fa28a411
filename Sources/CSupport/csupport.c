#define _GNU_SOURCE
#include "csupport.h"
#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/resource.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int buurt_exchange_paths(const char *a, const char *b) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    return -1;
#endif
}

long buurt_peak_rss_kib(void) {
    struct rusage u;
    if (getrusage(RUSAGE_SELF, &u) != 0) return -1;
    return u.ru_maxrss;
}

static volatile sig_atomic_t interrupted_flag = 0;
static void on_signal(int sig) { (void)sig; interrupted_flag = 1; }

void buurt_install_interrupt_handler(void) {
    struct sigaction sa;
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}
int buurt_interrupted(void) { return interrupted_flag ? 1 : 0; }
void buurt_reset_interrupt(void) { interrupted_flag = 0; }
