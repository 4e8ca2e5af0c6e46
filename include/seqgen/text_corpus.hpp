// Text corpora for next-symbol prediction (§3): the vocabulary (the softmax
// classes) and the mapping from text to symbol indices, at three levels:
//   char      every Unicode code point of a UTF-8 text is a symbol ('\n' too);
//   ptb-char  the Penn Treebank character files (ptb.char.*.txt): symbols are the
//             space-separated tokens, '_' separates words, and each line end is
//             a symbol of its own (stored as "\n");
//   byte      every byte is a symbol, whatever the encoding (the paper's
//             Wikipedia experiment, §3.2: 205 byte values in enwik8);
//   word      whitespace-separated words plus "<eos>" at each line end, which is
//             predicted like any word (§3.1); the vocabulary keeps the most
//             frequent words and maps the others to "<unk>".
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "seqgen/error.hpp"

namespace seqgen {

enum class VocabKind { chars, ptb_chars, words, bytes };

const char* vocab_kind_name(VocabKind k);  // "char", "ptb-char", "word", "byte"
// Error naming the accepted names for anything else.
VocabKind vocab_kind_parse(const std::string& name);

struct Vocab {
  VocabKind kind = VocabKind::chars;
  std::vector<std::string> symbols;                // index -> symbol, UTF-8
  std::unordered_map<std::string, int32_t> index;  // symbol -> index
  int32_t unknown = -1;   // where symbols outside the vocabulary go; -1: they are an Error
  int32_t line_end = -1;  // "\n" or "<eos>"; -1 if the training text had no line end
  int size() const { return int(symbols.size()); }
};

struct VocabOptions {
  VocabKind kind = VocabKind::chars;
  // char / ptb-char / byte: a symbol (one code point for char, one byte for byte) that unknown symbols
  // map to, added to the vocabulary; "" = unknown symbols are an Error.
  // word: the unknown word, "<unk>" if empty; it is in the vocabulary when the
  // training text contains it or the cap drops words.
  std::string unknown;
  int max_words = 10000;  // word: vocabulary size cap, counting <eos> and <unk>
};

// The whole file; Error naming it if it cannot be read.
std::string text_file_read(const std::string& path);
// ptb-char when every token between blanks is a single character and "_" is
// one of them (as in ptb.char.*.txt), else char.
VocabKind text_kind_detect(const std::string& text);

// The vocabulary of a training text. `where` names it in errors (invalid
// UTF-8 is an Error with its byte offset). Symbols are sorted (char, ptb-char)
// or by decreasing frequency, ties by byte order (word).
Vocab vocab_build(const std::string& text, const std::string& where, const VocabOptions& opt);

// Text in the vocabulary's own format -> symbol indices. A symbol outside the
// vocabulary maps to `unknown`, or is an Error naming it (character and
// U+XXXX), `where` and its line and column.
std::vector<int32_t> vocab_encode(const Vocab& v, const std::string& text, const std::string& where);
// Readable text, as vocab_decode writes it (for priming): for ptb-char every
// character is a symbol, a space is "_" and a newline the line end; char and
// word as vocab_encode.
std::vector<int32_t> vocab_encode_readable(const Vocab& v, const std::string& text, const std::string& where);
// Readable text: ptb-char "_" -> space; word: words joined by spaces, <eos> ->
// newline. Error for an index outside the vocabulary.
std::string vocab_decode(const Vocab& v, const std::vector<int32_t>& ids);

// JSON {"kind": .., "symbols": [..], "unknown": ..}, for a model file's metadata.
std::string vocab_to_string(const Vocab& v);
// Error naming `where` for malformed or inconsistent input.
Vocab vocab_from_string(const std::string& s, const std::string& where);

// What a text holds, for converting bits per symbol into perplexity per word.
struct TextCounts {
  int64_t symbols = 0;    // every predicted symbol: letters, '_' and line ends (char); words and <eos> (word)
  int64_t line_ends = 0;  // line ends / <eos> among them
  int64_t words = 0;      // words, line ends not counted
};
TextCounts text_count(const Vocab& v, const std::vector<int32_t>& ids);
// Symbols per word-level prediction, symbols / (words + line_ends): a word
// model predicts each word and each <eos>, so the same total bits give
// perplexity = 2^(bits per symbol * this). 1 for word-level text.
double text_symbols_per_word(const TextCounts& c);

}  // namespace seqgen
