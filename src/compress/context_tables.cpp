#include "compress/context_tables.hpp"

#include "compress/match_model.hpp"

namespace seqgen {
namespace {

constexpr uint32_t kNone = ~0u;

bool word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 128; }

uint32_t hash_step(uint32_t h, uint32_t v) { return (h ^ v) * 0x01000193u; }  // FNV-1a

}  // namespace

void ContextTables::setup(int lanes, int symbols, uint64_t length) {
  Y = symbols;
  bits = context_hash_bits(length);
  for (int i = 0; i < kContextTables; ++i) {
    const size_t n = i == 0 ? 257 : size_t(1) << bits;
    rows[i].assign(n * Y, 0.f);
    seen[i].assign(n, 0);
    check[i].assign(i == 0 ? 0 : n, 0);
  }
  used.assign(size_t(lanes) * kContextTables, 0);
  weight.assign(size_t(lanes) * kContextTables, 0);
  for (float& a : mix) a = 1.f;
  for (float& a : match_logit) a = 0.f;
  match_sym.assign(lanes, -1), match_class.assign(lanes, 0);
  logits.assign(size_t(lanes) * Y, 0.f);
}

void ContextTables::select(int b, const unsigned char* prev, int have, int match, int match_len) {
  if (have > kContextHistory) have = kContextHistory;
  uint32_t hs[kContextTables];
  for (int i = 1; i < kOrderTables; ++i) {
    const int k = kContextOrders[i];
    uint32_t h = uint32_t(k) * 0x9E3779B9u;
    for (int j = 1; j <= k; ++j) h = hash_step(h, j <= have ? prev[-j] + 1u : 0u);
    hs[i] = h;
  }
  // The current word's letters so far, and the word before it (up to the history's start).
  // Letter-spaced text ("t h e _ c a t", Penn Treebank's character files) has words of
  // single letters; there a space between two one-letter tokens is part of the word.
  auto at = [&](int j) { return j >= 1 && j <= have ? int(prev[-j]) : -1; };
  auto word_at = [&](int j) { return at(j) >= 0 && word_byte(uint8_t(at(j))); };
  auto spaced = [&](int j) {  // the space at j joins the one-letter tokens at j-1 and j+1
    return at(j) == ' ' && word_at(j + 1) && !word_at(j + 2) && (j == 1 || (word_at(j - 1) && !word_at(j - 2)));
  };
  auto word_scan = [&](int& j, uint32_t w) {
    for (; j <= have && (word_at(j) || spaced(j)); ++j)
      if (word_at(j)) w = hash_step(w, prev[-j]);
    return w;
  };
  int j = 1;
  uint32_t w = word_scan(j, 0x2545F491u);
  hs[kWordTable] = hash_step(w, 1);
  for (; j <= have && !word_at(j); ++j) {}
  w = word_scan(j, hash_step(w, 256));  // 256: between the words, no byte
  hs[kWordTable + 1] = hash_step(w, 2);

  uint32_t* u = used.data() + size_t(b) * kContextTables;
  u[0] = have > 0 ? prev[-1] : 256;
  for (int i = 1; i < kContextTables; ++i) {
    const uint32_t h = hs[i] * 2654435761u;
    const uint32_t r = (h >> (32 - bits)) & ~1u;
    const uint8_t c = uint8_t(hs[i] >> 24) | 1;  // 0 marks a row never used
    uint8_t* ck = check[i].data();
    uint32_t pick = ck[r] == c ? r : ck[r + 1] == c ? r + 1 : kNone;
    if (pick == kNone) {  // the less seen row of the pair (the first on a tie) starts anew
      pick = seen[i][r + 1] < seen[i][r] ? r + 1 : r;
      ck[pick] = c;
      seen[i][pick] = 0;
      float* row = rows[i].data() + size_t(pick) * Y;
      for (int k = 0; k < Y; ++k) row[k] = 0.f;
    }
    u[i] = pick;
  }
  float* l = logits.data() + size_t(b) * Y;
  for (int k = 0; k < Y; ++k) l[k] = 0.f;
  match_sym[b] = match;
  if (match >= 0) {
    match_class[b] = match_bucket(match_len);
    l[match] = match_logit[match_class[b]];
  }
  uint32_t* wi = weight.data() + size_t(b) * kContextTables;
  for (int i = 0; i < kContextTables; ++i) {
    if (u[i] == kNone) continue;
    wi[i] = uint32_t(i * kSeenClasses + seen_class(seen[i][u[i]]));
    const float a = mix[wi[i]];
    const float* r = rows[i].data() + size_t(u[i]) * Y;
    for (int k = 0; k < Y; ++k) l[k] = l[k] + a * r[k];
  }
}

void ContextTables::learn(int b, const float* p, int target) {
  // Per table: longer contexts step further (their rows are seen less often).
  static constexpr float kStep[kContextTables] = {0.4f, 0.6f, 0.8f, 1.0f, 1.2f, 1.4f, 1.6f, 1.8f, 2.0f, 1.0f, 1.4f};
  // Per table: longer contexts step further (their rows are seen less often).
  const uint32_t* u = used.data() + size_t(b) * kContextTables;
  const uint32_t* wi = weight.data() + size_t(b) * kContextTables;
  if (match_sym[b] >= 0) {  // dL/dŷ at the match's symbol
    float& m = match_logit[match_class[b]];
    m = m - match_lr * (p[match_sym[b]] - (match_sym[b] == target ? 1.f : 0.f));
  }
  for (int i = 0; i < kContextTables; ++i) {
    if (u[i] == kNone) continue;
    float* r = rows[i].data() + size_t(u[i]) * Y;
    // dL/da = Σ_k dL/dŷ_k r_k, with the row as it was when it was read
    float g = 0.f;
    for (int k = 0; k < Y; ++k) g = g + (p[k] - (k == target ? 1.f : 0.f)) * r[k];
    // Bounded: a few bytes of a wrongly confident row must not swing the weight
    // (unbounded, ptb.char.test.txt diverged at some step sizes).
    g = g > 1.f ? 1.f : g < -1.f ? -1.f : g;
    float a = mix[wi[i]] - mix_lr * g;
    mix[wi[i]] = a < 0.f ? 0.f : a > 4.f ? 4.f : a;
    uint8_t& n = seen[i][u[i]];
    // A row's first visits count double: lr kStep (1 + 1/(1 + visits)).
    // Measured on the first 100 KB of ptb.test.txt: 28015 -> 27313 bytes.
    const float s = lr * kStep[i] * (1.f + 1.f / float(1 + n));
    if (n < 255) ++n;
    for (int k = 0; k < Y; ++k) r[k] = r[k] - s * (p[k] - (k == target ? 1.f : 0.f));
  }
}

}  // namespace seqgen
