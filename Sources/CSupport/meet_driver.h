/* The driver of an encounter kernel: residents in pairs of groups, each group's week begun, its
 * encounters run and its week ended. Each kernel (buurt_meet.c, buurt_meet_avx2.c) includes this
 * once, after defining its `lane_group` (with the fields `group_end` reads), `group_begin`,
 * `group_encounter`, `group_store` and `prefetch_partners`, and the macros KERNEL_TARGET (its
 * target attribute) and KERNEL_ENTRY (the name of its entry point, meet_kernels.h). Internal to
 * CSupport. */

/* Residents i0 ..< i0 + 2 x LANES (or fewer at the end) as a pair of groups. */
KERNEL_TARGET static inline int pair_begin(const buurt_meet_args *a, lane_group *ga, lane_group *gb, long i0, long end, int nmax) {
    const long left = end - i0;
    const int countA = left < LANES ? (int)left : LANES;
    const int countB = left - countA < LANES ? (int)(left - countA) : LANES;
    group_begin(a, ga, i0, countA, nmax);
    if (a->prefetch) prefetch_partners(a, ga, nmax);
    if (countB > 0) { group_begin(a, gb, i0 + LANES, countB, nmax); if (a->prefetch) prefetch_partners(a, gb, nmax); }
    return countB > 0;
}

/* A group's week ends: its trust written back, its tie changes appended in resident order, then
 * encounter order (lane l's change of encounter e is bit l of removedAt[e] or addedAt[e], its
 * partner other[e * LANES + l]). */
KERNEL_TARGET static inline __attribute__((always_inline)) long group_end(const buurt_meet_args *a, lane_group *g, int nmax, buurt_tie_change *out, long changes) {
    group_store(a, g);
    for (unsigned m = g->anyChange; m; m &= m - 1) {
        const int l = __builtin_ctz(m);
        for (int e = 0; e < nmax; e++)
            if (((g->removedAt[e] | g->addedAt[e]) >> l) & 1) {
                out[changes].a = (int32_t)(g->i0 + l); out[changes].b = g->other[e * LANES + l];
                out[changes].add = (g->addedAt[e] >> l) & 1; changes++;
            }
    }
    return changes;
}

/* The fields of resident i and its neighbours in the columns, asked of memory (the driver asks
 * FIELDS_AHEAD residents ahead): a large town's week
 * walks a dozen columns side by side, more streams than the processor follows by itself. */
#define FIELDS_AHEAD 512
KERNEL_TARGET static inline void prefetch_fields(const buurt_meet_args *a, long i) {
    _mm_prefetch((const char *)(a->trust_c + i), _MM_HINT_T0);
    _mm_prefetch((const char *)(a->trust_i + i), _MM_HINT_T0);
    _mm_prefetch((const char *)(a->trust_i_prev + i), _MM_HINT_T0);
    _mm_prefetch((const char *)(a->initiative + i), _MM_HINT_T0);
    _mm_prefetch((const char *)(a->propensity + i), _MM_HINT_T0);
    if ((i & 63) < 2 * LANES) { _mm_prefetch((const char *)(a->group + i), _MM_HINT_T0); _mm_prefetch((const char *)(a->degree + i), _MM_HINT_T0); }
    if ((i & 31) < 2 * LANES) _mm_prefetch((const char *)(a->nh_of + i), _MM_HINT_T0);
}

/* The partners' column of the tie rows of the pair of groups that starts at resident i, asked of
 * memory (the driver asks ROWS_AHEAD residents ahead): `prefetch_partners` reads these rows a pair
 * ahead to find the partners, and in a large town the row was not yet in the cache (7% of the
 * city's profile samples waited there). A row's first line holds slots 0 ..< 16, nearly every tie (the mean
 * degree is half the capacity); the trusts and balances columns are left to the processor's own
 * prefetcher (asking for them too made the week slower). */
#define ROWS_AHEAD 32
KERNEL_TARGET static inline void prefetch_rows(const buurt_meet_args *a, long i, long end) {
    const long last = i + 2 * LANES < end ? i + 2 * LANES : end;
    const long step = a->cap > 16 ? a->cap : 16; /* one line a row, or a line for rows sharing one */
    for (long s = i * a->cap; s < last * a->cap; s += step) _mm_prefetch((const char *)(a->target + s), _MM_HINT_T0);
}

/* Two groups at a time, their encounters interleaved: each encounter is a chain of dependent
 * loads (word, tie slot, partner, partner's fields), and two independent chains keep the
 * processor busy while one waits. In a large town the pair PAIRS_AHEAD pairs on is begun (its
 * blocks, its fields, its partners asked of memory) before this pair's encounters run: two pairs
 * ahead the city's week was 1-2% shorter than one pair ahead. */
#define PAIRS_AHEAD 2
KERNEL_TARGET long KERNEL_ENTRY(const buurt_meet_args *a, long first, long end, buurt_tie_change *out) {
    const int nmax = a->n_floor + (a->whole ? 0 : 1);
    if (nmax > MAX_ENCOUNTERS || a->n_floor < 0) return -1;
    if (first >= end) return 0;
    lane_group g[2 * (PAIRS_AHEAD + 1)];
    long changes = 0;
    if (!a->prefetch) {
        /* A district: each pair begun when it runs (beginning the next one early costs more here
         * than it saves). */
        for (long i0 = first; i0 < end; i0 += 2 * LANES) {
            const int both = pair_begin(a, &g[0], &g[1], i0, end, nmax);
            for (int e = 0; e < nmax; e++) { group_encounter(a, &g[0], e); if (both) group_encounter(a, &g[1], e); }
            changes = group_end(a, &g[0], nmax, out, changes);
            if (both) changes = group_end(a, &g[1], nmax, out, changes);
        }
        return changes;
    }
    /* A ring of PAIRS_AHEAD + 1 pairs: pair p runs while pairs p + 1 ..= p + PAIRS_AHEAD are begun. */
    int both[PAIRS_AHEAD + 1];
    for (int q = 0; q < PAIRS_AHEAD; q++) {
        const long at = first + (long)q * 2 * LANES;
        both[q] = at < end ? pair_begin(a, &g[2 * q], &g[2 * q + 1], at, end, nmax) : 0;
    }
    int cur = 0;
    for (long i0 = first; i0 < end; i0 += 2 * LANES) {
        lane_group *ga = &g[2 * cur], *gb = &g[2 * cur + 1];
        const long ahead = i0 + (long)PAIRS_AHEAD * 2 * LANES;
        const int slot = (cur + PAIRS_AHEAD) % (PAIRS_AHEAD + 1);
        prefetch_fields(a, i0 + FIELDS_AHEAD); /* past the last resident a prefetch reads nothing and never faults */
        prefetch_rows(a, i0 + ROWS_AHEAD, end);
        both[slot] = ahead < end ? pair_begin(a, &g[2 * slot], &g[2 * slot + 1], ahead, end, nmax) : 0;
        if (both[cur]) {
            for (int e = 0; e < nmax; e++) { group_encounter(a, ga, e); group_encounter(a, gb, e); }
        } else {
            for (int e = 0; e < nmax; e++) group_encounter(a, ga, e);
        }
        changes = group_end(a, ga, nmax, out, changes);
        if (both[cur]) changes = group_end(a, gb, nmax, out, changes);
        cur = (cur + 1) % (PAIRS_AHEAD + 1);
    }
    return changes;
}
