// Connectionist temporal classification (Graves et al. 2006), the output of
// an online handwriting recogniser (Graves et al. 2009): at each pen point a
// softmax over the alphabet and a blank, y_t = softmax(ŷ_t); a labelling l
// (U characters) is read from the T outputs along every path that, with
// repeats merged and blanks dropped, gives l:
//   l' = (blank, l_1, blank, l_2, ..., l_U, blank)                 S = 2U + 1
//   α_t(s) = y_t^{l'_s} (α_{t-1}(s) + α_{t-1}(s-1) [+ α_{t-1}(s-2)])
//   β_t(s) = y_t^{l'_s} (β_{t+1}(s) + β_{t+1}(s+1) [+ β_{t+1}(s+2)])
//     the bracketed term when l'_s is not blank and l'_s != l'_{s∓2}
//   Pr(l | x) = α_T(S) + α_T(S-1),   L = -ln Pr(l | x)
//   ∂L/∂ŷ_t^k = y_t^k - Σ_{s: l'_s = k} α_t(s) β_t(s) / (y_t^k Pr(l | x))
// all in log space (doubles), so long lines do not underflow.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace seqgen {

// One sequence: T rows of K logits, row t at yhat + t * ld; blank = K - 1.
// label: U classes in [0, K-1). Returns L (nats), or +inf when no path of T
// steps can give the labelling (T < U + repeated neighbours), in which case
// dyhat (same layout as yhat; may be null) is zeroed. Otherwise dyhat
// receives ∂L/∂ŷ times scale.
template <class T>
double ctc_loss(int steps, int K, const T* yhat, size_t ld, const int32_t* label, int U, T* dyhat, T scale);

// Best-path decoding: the most probable class of each row, repeats merged,
// blanks dropped (the labelling of the single most probable path).
template <class T>
std::vector<int32_t> ctc_greedy(int steps, int K, const T* yhat, size_t ld);

// Levenshtein distance between two labellings (character errors).
int edit_distance(const std::vector<int32_t>& a, const std::vector<int32_t>& b);

}  // namespace seqgen
