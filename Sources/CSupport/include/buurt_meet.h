#ifndef BUURT_MEET_H
#define BUURT_MEET_H
#include <stdint.h>

/// The encounter pass of `World.meet` in vector lanes: sixteen residents at a time in AVX-512
/// (`buurt_meet.c`) or eight in AVX2 (`buurt_meet_avx2.c`). Each computes exactly what the Swift
/// loop in `World+Meet.swift` computes, with the same draws from the same Philox streams and the
/// same float operations in the same order, so the outputs are byte-identical; the Swift loop is
/// the reference and the fallback.

/// The columns and the week's scalars (`MeetFrame`, `MeetParameters`, `TrustRule`).
typedef struct {
    float *trust_c;
    float *trust_i;                /* written: every resident's new institutional trust */
    const float *trust_i_prev, *propensity; /* read: own starting value and partners' (last week's) */
    const uint8_t *group;
    const int32_t *initiative;
    const uint8_t *degree;
    const uint16_t *nh_of;
    const int64_t *nh_start;
    int32_t *target;
    float *tie_trust, *reciprocity;
    uint64_t key, c0, c1_tick;     /* the streams' key and counter words (AgentStream) */
    int32_t lanes;                 /* the kernel: 16 (AVX-512) or 8 (AVX2), as buurt_meet_lanes_available allows */
    int32_t cap;                   /* tie slots per resident */
    int32_t prefetch;              /* ask for partners' fields a pair of groups ahead (large towns) */
    int32_t n_floor, whole;        /* encounters: floor(x), and whether x is whole */
    double frac;                   /* x - floor(x) */
    float good_share, same_bonus, cross_penalty, p_random16, tie_form16, tie_form_cross16;
    uint32_t drop16;
    double drop_chance;
    float forget, wc, diffusion, rec_memory, one_sided, one_sided_w, break_below, community_prior;
    float institutional_prior[4];
    int32_t beta;                  /* trust model: 0 linear, 1 beta */
    float gain, loss, memory, asymmetry;
} buurt_meet_args;

/// A tie to add (add = 1) or remove, in the order the Swift loop appends them.
typedef struct { int32_t a, b, add; } buurt_tie_change;

/// The widest kernel this processor and its operating system run: 16 (AVX-512 F, BW, DQ and VL),
/// 8 (AVX2) or 0 (neither: the Swift loop runs).
int buurt_meet_lanes_available(void);

/// Residents first ..< end. Writes the tie changes to `out`, which has room for
/// (end - first) x (n_floor + 1) of them, and returns their number; returns -1 (having written
/// nothing) when the kernel does not take these settings, and the caller runs the Swift loop.
/// The kernel is the one `a->lanes` names.
long buurt_meet_lanes(const buurt_meet_args *a, long first, long end, buurt_tie_change *out);

#endif
