#ifndef BUURT_COLLECT_H
#define BUURT_COLLECT_H
#include <stdint.h>

/// The resident sums of `World.collect` over residents from ..< to, each added in resident order
/// (the order the outputs require): trust in institutions and in the community, and institutional
/// trust of those who took part and of the under-represented group; with the counts of who took
/// part, who is in that group, who was active and who was both.
typedef struct {
    double ti, tc, tiP, tiU;
    int64_t nP, nU, active, activeU;
} buurt_collect_sums;

/// `took` holds took-part flags (bit 0: joined an initiative, bit 1: attended a consultation;
/// either counts); a resident was active when `last_active >= since`.
void buurt_collect(const float *trust_i, const float *trust_c, const int32_t *last_active, const uint8_t *took,
                   const uint8_t *group, long from, long to, int32_t since, uint8_t under, buurt_collect_sums *out);

#endif
