// Form ids, form lists and CSR transcriptions of IAM-OnDB (see
// iam_transcripts.hpp). A transcription file looks like
//   OCR:\n\n<text as typed on the form>\n...\nCSR:\n\n<line 1>\n<line 2>\n...
// where CSR is the text as written on the whiteboard, one text line per
// stroke file <form>-NN.xml, NN counting from 01.
#include "data/iam_transcripts.hpp"

#include <cctype>
#include <fstream>

#include "core/error.hpp"

namespace seqgen {

bool iam_form_id_valid(std::string_view id) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (id.size() != 7 && id.size() != 8) return false;
  if (!lower(id[0]) || !digit(id[1]) || !digit(id[2]) || id[3] != '-') return false;
  if (!digit(id[4]) || !digit(id[5]) || !digit(id[6])) return false;
  return id.size() == 7 || lower(id[7]);
}

std::string iam_form_dir(const std::string& form) { return form.substr(0, 3) + "/" + form.substr(0, 7); }

static std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string> iam_form_list_read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("{}: cannot open form list", path);
  std::vector<std::string> forms;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::string_view id = trim(line);  // the distributed lists indent every id by a space
    if (id.empty()) continue;
    if (!iam_form_id_valid(id)) fail("{}:{}: '{}' is not a form id like a01-020x", path, n, id);
    forms.emplace_back(id);
  }
  if (in.bad()) fail("{}: read error", path);
  if (forms.empty()) fail("{}: no form ids in the list", path);
  return forms;
}

// Ends trimmed, runs of blanks made one space (a word gap in the writing);
// bytes >= 0x80 are Latin-1, like the line files' declared encoding.
static std::string text_clean(std::string_view s) {
  std::string out;
  bool blank = false;
  for (char ch : trim(s)) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isspace(c)) {
      blank = true;
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    if (c < 0x80) {
      out += char(c);
    } else {
      out += char(0xC0 | (c >> 6));
      out += char(0x80 | (c & 0x3F));
    }
  }
  return out;
}

bool iam_csr_lines(std::string_view bytes, std::vector<std::string>& lines, std::string& why) {
  std::vector<std::string_view> raw;
  for (size_t p = 0; p <= bytes.size();) {
    size_t e = bytes.find('\n', p);
    if (e == std::string_view::npos) e = bytes.size();
    raw.push_back(bytes.substr(p, e - p));
    p = e + 1;
  }
  size_t i = 0;
  while (i < raw.size() && trim(raw[i]) != "CSR:") ++i;
  if (i == raw.size()) {
    why = "no CSR: section";
    return false;
  }
  ++i;
  while (i < raw.size() && trim(raw[i]).empty()) ++i;
  size_t end = raw.size();
  while (end > i && trim(raw[end - 1]).empty()) --end;
  lines.clear();
  for (; i < end; ++i) {
    // A run of '%' marks where a text line went on to the next line on the
    // board: a08-551z's "...broken ankle bone %%%%%%%%%%% pinned." has its
    // first part in a08-551z-08.xml and "pinned." alone in -09.xml (that
    // form has 8 text lines and 9 stroke files; it is the only such file).
    // So each part is a line of its own.
    std::string_view t = raw[i];
    for (;;) {
      size_t m = t.find("%%%");
      if (m == std::string_view::npos) break;
      lines.push_back(text_clean(t.substr(0, m)));
      size_t r = m;
      while (r < t.size() && t[r] == '%') ++r;
      t.remove_prefix(r);
    }
    lines.push_back(text_clean(t));
  }
  return true;
}

}  // namespace seqgen
