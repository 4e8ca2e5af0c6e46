// IAM-OnDB names and texts: form ids and where their files live, the form
// lists that define the splits, and the transcription files
// (ascii/<a>/<a-b>/<form>.txt) whose CSR: section gives each line's text.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace seqgen {

// "a01-020x": a letter, two digits, '-', three digits, optionally a letter.
bool iam_form_id_valid(std::string_view id);

// "a01-020x" -> "a01/a01-020", the folder under lineStrokes/ and ascii/.
std::string iam_form_dir(const std::string& form);

// The form ids of a list file (one per line, surrounding blanks ignored).
// Throws seqgen::Error naming the file if it is missing or holds anything else.
std::vector<std::string> iam_form_list_read(const std::string& path);

// Text of stroke files <form>-01, -02, ... in order, from a transcription
// file. False, with the reason in `why`, if it has no CSR: section.
bool iam_csr_lines(std::string_view bytes, std::vector<std::string>& lines, std::string& why);

}  // namespace seqgen
