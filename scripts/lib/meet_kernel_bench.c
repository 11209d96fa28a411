/* The encounter kernel alone, on a synthetic town, for fast experiments on the kernel
 * (scripts/meet-kernel-bench compiles this with the kernel's sources in about a second, where a
 * release build of buurt-bench after a change in C takes half a minute, and runs it under
 * callgrind for instruction counts, which valgrind cannot take from the Swift binaries here).
 *
 * The town resembles the baseline district, not the model's output: N residents in
 * neighbourhoods of 1,000 (at most 50,000 of them: the kernel numbers them in 16 bits), 4 to 12
 * ties each (16 slots), one tie in ten outside the neighbourhood (OUTSIDE_TIES), one resident in
 * ten in an initiative, two encounters a week, random meetings 15% of them, the linear trust
 * rule. The kernel's tie changes are counted, not applied, and every 64 weeks ties near the
 * break are reset, so the town stays alike from week to week. The printed
 * count of tie changes is a checksum: a change to the kernel that changes no number leaves it
 * as it was. Figures only; what the model's week costs is buurt-bench's to say.
 *
 * Columns of 1 MiB or more are mapped pages asked for in 2 MiB pages, as the model's columns are
 * (Column.swift); OUTSIDE_TIES=P (a whole percentage, default 10) sets the share of ties that
 * leave the neighbourhood.
 *
 *   meet_kernel_bench [RESIDENTS [WEEKS [LANES]]]   (defaults 10000, 2000, the widest available) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include "buurt_meet.h"

/* Room for `bytes`, untouched: from 1 MiB a mapping with 2 MiB pages asked for, as Column.swift. */
static void *column(size_t bytes) {
    if (bytes >= (1u << 20)) {
        void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) { madvise(p, bytes, MADV_HUGEPAGE); return p; }
    }
    return malloc(bytes ? bytes : 1);
}

static double seconds(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static uint64_t state = 88172645463325252ULL;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static float unit(void) { return (float)(next() >> 40) / 16777216.0f; }

/* A whole number, or -1 when the text is not one (so the check below refuses it). */
static long whole(const char *text) {
    char *end;
    const long v = strtol(text, &end, 10);
    return *text && !*end ? v : -1;
}

int main(int argc, char **argv) {
    const long n = argc > 1 ? whole(argv[1]) : 10000;
    const long weeks = argc > 2 ? whole(argv[2]) : 2000;
    const long lanes = argc > 3 ? whole(argv[3]) : buurt_meet_lanes_available();
    const long outside = getenv("OUTSIDE_TIES") ? whole(getenv("OUTSIDE_TIES")) : 10;
    const int cap = 16;
    const long hoods = n / 1000 > 0 ? n / 1000 : 1;
    if (argc > 4 || n < 2 || n > 50000000 || weeks < 1 || weeks > 1000000 || (lanes != 8 && lanes != 16) || lanes > buurt_meet_lanes_available() || outside < 0 || outside > 100) {
        fprintf(stderr, "usage: [OUTSIDE_TIES=P] meet_kernel_bench [RESIDENTS [WEEKS [LANES]]]: RESIDENTS 2 to 50,000,000, WEEKS 1 to 1,000,000, LANES 8 or 16 and run by this processor (widest: %d), P a whole percentage 0 to 100\n",
                buurt_meet_lanes_available());
        return 2;
    }
    float *trustC = column(4 * n), *trustI = column(4 * n), *trustIPrev = column(4 * n), *propensity = column(4 * n);
    uint8_t *group = column(n), *degree = column(n);
    int32_t *initiative = column(4 * n);
    uint16_t *hoodOf = column(2 * n);
    int64_t *hoodStart = malloc(8 * (hoods + 1));
    int32_t *target = column(4 * n * cap);
    float *tieTrust = column(4 * n * cap), *reciprocity = column(4 * n * cap);
    if (!trustC || !trustI || !trustIPrev || !propensity || !group || !degree || !initiative || !hoodOf || !hoodStart ||
        !target || !tieTrust || !reciprocity) { fprintf(stderr, "meet_kernel_bench: out of memory\n"); return 1; }
    for (long h = 0; h <= hoods; h++) hoodStart[h] = h * n / hoods;
    for (long i = 0; i < n; i++) {
        const long h = i * hoods / n, lo = hoodStart[h], size = hoodStart[h + 1] - lo;
        trustC[i] = unit(); trustI[i] = trustIPrev[i] = unit(); propensity[i] = 0.5f + unit();
        group[i] = (uint8_t)(next() % 3); initiative[i] = next() % 10 == 0 ? (int32_t)(next() % 300) : -1;
        hoodOf[i] = (uint16_t)h; degree[i] = (uint8_t)(4 + next() % 9);
        for (int s = 0; s < cap; s++) {
            const long at = i * cap + s;
            const int used = s < degree[i];
            target[at] = used ? (int32_t)((long)(next() % 100) < outside ? (long)(next() % n) : lo + (long)(next() % size)) : -1;
            tieTrust[at] = used ? 0.3f + 0.6f * unit() : 0; reciprocity[at] = 0;
        }
    }
    buurt_meet_args a;
    memset(&a, 0, sizeof a);
    a.trust_c = trustC; a.propensity = propensity; a.group = group; a.initiative = initiative; a.degree = degree;
    a.nh_of = hoodOf; a.nh_start = hoodStart; a.target = target; a.tie_trust = tieTrust; a.reciprocity = reciprocity;
    a.key = 0x9e3779b97f4a7c15ULL; a.c0 = 1ULL << 32; a.lanes = (int32_t)lanes; a.cap = cap; a.prefetch = n >= 262144;
    a.n_floor = 2; a.whole = 1; a.good_share = 0.8f; a.same_bonus = 0.1f; a.cross_penalty = 0.05f;
    a.p_random16 = 0.15f * 65536; a.tie_form16 = 0.1f * 65536; a.tie_form_cross16 = 0.05f * 65536;
    a.drop16 = 1024; a.drop_chance = 0.256; a.forget = 0.005f; a.wc = 0.5f; a.diffusion = 0.05f;
    a.rec_memory = 15.0f / 16; a.one_sided = 8; a.one_sided_w = 0.5f; a.break_below = 0.1f; a.community_prior = 0.5f;
    a.institutional_prior[0] = a.institutional_prior[1] = 0.5f; a.institutional_prior[2] = 0.375f;
    a.gain = 0.1f; a.loss = 0.2f; a.memory = 10; a.asymmetry = 2;
    enum { BATCH = 256 };  /* residents a call, as World.MeetFrame.laneChunk */
    buurt_tie_change *out = malloc(sizeof *out * BATCH * (a.n_floor + 1));
    long changes = 0;
    const double start = seconds();
    for (long w = 0; w < weeks; w++) {
        a.c1_tick = (uint64_t)w << 32;
        a.trust_i = (w & 1) ? trustIPrev : trustI; a.trust_i_prev = (w & 1) ? trustI : trustIPrev;
        for (long i = 0; i < n; i += BATCH) {
            const long got = buurt_meet_lanes(&a, i, i + BATCH < n ? i + BATCH : n, out);
            if (got < 0) { fprintf(stderr, "meet_kernel_bench: the kernel refused the settings\n"); return 1; }
            changes += got;
        }
        if ((w & 63) == 63)
            for (long s = 0; s < n * cap; s++) if (target[s] >= 0 && tieTrust[s] < 0.15f) tieTrust[s] = 0.5f;
    }
    const double took = seconds() - start;
    printf("residents=%ld weeks=%ld lanes=%ld %.2f ns/resident-week %.1fM resident-weeks/s tie-changes=%ld\n",
           n, weeks, lanes, took / ((double)n * weeks) * 1e9, (double)n * weeks / took / 1e6, changes);
    return 0;
}
