// The Python module `seqgen`: handwriting (seqgen/writer.hpp), its outputs
// (seqgen/output.hpp), stroke data (data/strokes_file.hpp) and text models
// (seqgen/text_model.hpp). Strokes are numpy float32 arrays of shape (N, 3):
// x, y (y down) and 1 on the last point of each stroke. seqgen::Error
// becomes seqgen.Error (a RuntimeError) with the same message; the long calls
// (writing, sampling, evaluating, files) run without the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <variant>

#include "data/strokes_file.hpp"
#include "seqgen/output.hpp"
#include "seqgen/text_model.hpp"
#include "seqgen/writer.hpp"

namespace py = pybind11;
using namespace seqgen;

namespace {

using Array = py::array_t<float, py::array::c_style | py::array::forcecast>;

Array strokes_to_array(const Strokes& s) {
  Array a({py::ssize_t(s.size()), py::ssize_t(3)});
  auto r = a.mutable_unchecked<2>();
  for (size_t i = 0; i < s.size(); ++i)
    r(i, 0) = s[i].x, r(i, 1) = s[i].y, r(i, 2) = s[i].end || i + 1 == s.size() ? 1.f : 0.f;
  return a;
}

Strokes strokes_from_array(const Array& a, const std::string& what) {
  if (a.ndim() != 2 || (a.shape(1) != 3 && a.shape(1) != 2))
    throw Error(what + ": expected an array of shape (N, 3) (x, y, end of stroke) or (N, 2)");
  auto r = a.unchecked<2>();
  Strokes s;
  for (py::ssize_t i = 0; i < a.shape(0); ++i) {
    if (!std::isfinite(r(i, 0)) || !std::isfinite(r(i, 1)))
      throw Error(what + ": point " + std::to_string(i + 1) + " is not finite");
    s.push_back({r(i, 0), r(i, 1), a.shape(1) == 3 && r(i, 2) > 0.5f});
  }
  return s;
}

// None, one value for all lines, or a list of one per line.
template <class T>
std::vector<T> per_line(const py::object& o, const char* name) {
  if (o.is_none()) return {};
  if (py::isinstance<py::list>(o) || py::isinstance<py::tuple>(o)) {
    std::vector<T> v;
    for (py::handle h : o) {
      try {
        v.push_back(h.cast<T>());
      } catch (const py::cast_error&) {
        throw py::type_error(std::string(name) + ": cannot use " + std::string(py::repr(h)));
      }
    }
    return v;
  }
  try {
    return {o.cast<T>()};
  } catch (const py::cast_error&) {
    throw py::type_error(std::string(name) + ": cannot use " + std::string(py::repr(o)));
  }
}

std::vector<std::string> style_list(const py::object& o) {
  std::vector<std::string> v;
  auto one = [](py::handle h) { return py::isinstance<py::int_>(h) ? std::to_string(h.cast<int>()) : h.cast<std::string>(); };
  if (o.is_none()) return v;
  if (py::isinstance<py::list>(o) || py::isinstance<py::tuple>(o)) {
    for (py::handle h : o) v.push_back(h.is_none() ? std::string() : one(h));
  } else {
    v.push_back(one(o));
  }
  return v;
}

UnknownChars unknown_parse(const std::string& s) {
  if (s == "skip") return UnknownChars::skip;
  if (s == "space") return UnknownChars::space;
  if (s == "error") return UnknownChars::error;
  throw Error("unknown: expected 'skip', 'space' or 'error', not '" + s + "'");
}

Weights weights_parse(const std::optional<std::string>& w) {
  if (!w) return weights_default();
  const std::string& s = *w;
  if (s == "bf16") return Weights::bf16;
  if (s == "int8") return Weights::int8;
  throw Error("weights: expected 'bf16' or 'int8', not '" + s + "'");
}

void warn(const std::string& msg) { py::module_::import("warnings").attr("warn")(msg, py::arg("stacklevel") = 2); }

class Hand {
 public:
  explicit Hand(const std::optional<std::string>& model) : w_(model.value_or("")) {}

  py::list write(const py::object& lines_in, const py::object& biases, const py::object& styles, uint64_t seed,
                 const py::object& colors, const py::object& widths, const std::optional<std::string>& filename,
                 const std::string& unknown, double bias, const std::optional<std::string>& style_text,
                 const std::optional<std::string>& weights, double jump_bias, const std::optional<std::string>& reader,
                 std::optional<double> reader_max, int word_retries, std::optional<double> word_max, double rare_bias) {
    std::vector<std::string> lines = py::isinstance<py::str>(lines_in) ? std::vector<std::string>{lines_in.cast<std::string>()}
                                                                        : lines_in.cast<std::vector<std::string>>();
    WriteOptions o;
    o.seed = seed;
    o.bias = bias;
    o.jump_bias = jump_bias;
    o.rare_bias = rare_bias;
    o.biases = per_line<double>(biases, "biases");
    o.styles = style_list(styles);
    o.unknown = unknown_parse(unknown);
    if (style_text) o.style_text = *style_text;
    o.weights = weights_parse(weights);
    if (reader) o.reader = *reader;
    o.reader_max = reader_max;
    o.word_retries = word_retries;
    o.word_max = word_max;
    OutputOptions out;
    const std::vector<std::string> cs = per_line<std::string>(colors, "stroke_colors");
    const std::vector<double> ws = per_line<double>(widths, "stroke_widths");
    const size_t n = std::max<size_t>({1, cs.size(), ws.size()});
    if ((cs.size() > 1 && cs.size() != lines.size()) || (ws.size() > 1 && ws.size() != lines.size()))
      throw Error("stroke_colors and stroke_widths: give one value, or one per line (" + std::to_string(lines.size()) +
                  ")");
    out.styles.assign(n, StrokeStyle{});
    for (size_t i = 0; i < n; ++i) {
      if (!cs.empty()) out.styles[i].color = cs[cs.size() == 1 ? 0 : i];
      if (!ws.empty()) out.styles[i].width = ws[ws.size() == 1 ? 0 : i];
    }
    std::vector<Strokes> strokes;
    WriteReport rep;
    {
      py::gil_scoped_release free;
      strokes = w_.write(lines, o, &rep);
      if (filename) lines_write(*filename, lines, strokes, out);
    }
    for (const std::string& s : rep.skipped)
      warn((o.unknown == UnknownChars::space ? "wrote a space for " : "skipped ") + s + ": the model cannot write it");
    py::list result;
    for (const Strokes& s : strokes) result.append(strokes_to_array(s));
    return result;
  }

  py::list styles() const {
    py::list l;
    for (int i = 0; i < w_.styles(); ++i) l.append(i);
    return l;
  }
  const std::string& model() const { return w_.model_path(); }

 private:
  Writer w_;
};

}  // namespace

PYBIND11_MODULE(seqgen, m) {
  m.doc() = "seqgen: handwriting and text from recurrent neural networks (Graves 2013)";
  static py::exception<Error> error(m, "Error", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      PyErr_SetString(error.ptr(), e.what());
    }
  });

  py::class_<Hand>(m, "Hand", "A handwriting synthesis model (default: the shipped one).")
      .def(py::init<const std::optional<std::string>&>(), py::arg("model") = py::none())
      .def("write", &Hand::write, py::arg("lines"), py::arg("biases") = py::none(), py::arg("styles") = py::none(),
           py::arg("seed") = 1, py::arg("stroke_colors") = py::none(), py::arg("stroke_widths") = py::none(),
           py::arg("filename") = py::none(), py::arg("unknown") = "skip", py::arg("bias") = 0.75,
           py::arg("style_text") = py::none(), py::arg("weights") = py::none(),
           py::arg("jump_bias") = WriteOptions{}.jump_bias, py::arg("reader") = py::none(),
           py::arg("reader_max") = py::none(), py::arg("word_retries") = WriteOptions{}.word_retries,
           py::arg("word_max") = py::none(), py::arg("rare_bias") = WriteOptions{}.rare_bias,
           R"(Handwriting for each line of `lines` (a list of str, or one str).

biases, styles, stroke_colors, stroke_widths: one value for all lines or a
list of one per line (None: bias 0.75; a built-in style picked by the seed,
shared by every line; black; 2 px). A style is a built-in style number, "none"
(unprimed, each line its own hand) or a strokes file (.json or .svg).
unknown: what to do with a character the model cannot write even folded:
"skip" (with a warning), "space" or "error". filename: also write the page,
as .svg/.png/.pdf (a picture), .json (stroke data), .gcode or .hpgl.
weights: "bf16", "int8" (the network's large matrices in int8: faster,
slightly different lines; README "int8 weights"), or None: int8 where the CPU
has AVX512-VNNI, else bf16. jump_bias: the bias of the pen's moves between
strokes is the larger of it and the line's (0: the line's alone, the paper's
sampling). rare_bias: the same for digits and capitals, from one letter
before each (0: the line's bias). reader: the recogniser that reads what is drawn (None: the model's
own, "none": no reader, else a recogniser file); a word it reads at more than
word_max nats per character is drawn again, up to word_retries times; with
word_retries=0 it reads whole lines, and a line read at more than reader_max
is drawn again. word_max and reader_max None: the reader's own thresholds
(`seqgen pack --word-max`), else 0.5 and 1.0.
Returns one float32 array (N, 3) per line: x, y (y down), end of stroke.)")
      .def_property_readonly("styles", &Hand::styles, "the model's built-in styles (numbers for `styles`)")
      .def_property_readonly("model", &Hand::model, "path of the model file");

  py::class_<TextModel>(m, "TextModel", "A character or word prediction model (seqgen train text).")
      .def(py::init<const std::string&>(), py::arg("path"))
      .def("sample", &TextModel::sample, py::arg("prime") = "", py::arg("length") = 200,
           py::arg("temperature") = 1.0, py::arg("seed") = 1, py::call_guard<py::gil_scoped_release>(),
           "`length` symbols drawn after reading `prime`; returns the drawn text")
      .def("evaluate", &TextModel::evaluate, py::arg("text"), py::arg("dynamic") = false,
           py::call_guard<py::gil_scoped_release>(),
           "bits per character (per word for a word model) of `text`, in the format of the model's training files")
      .def_property_readonly("kind", [](const TextModel& t) { return std::string(vocab_kind_name(t.vocab().kind)); })
      .def_property_readonly("path", &TextModel::path);

  m.def(
      "load_strokes",
      [](const std::string& path) -> py::tuple {
        std::vector<StrokesFile> page;
        {
          py::gil_scoped_release free;
          if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".svg") == 0)
            page = {strokes_svg_read(path)};
          else
            page = strokes_page_read(path);
        }
        if (page.size() == 1) return py::make_tuple(page[0].text, strokes_to_array(page[0].strokes));
        py::list texts, arrays;
        for (const StrokesFile& f : page) texts.append(f.text), arrays.append(strokes_to_array(f.strokes));
        return py::make_tuple(texts, arrays);
      },
      py::arg("path"),
      "(text, strokes) of a strokes file (.json as --style reads it, or .svg); for a page of several lines, "
      "(list of texts, list of arrays)");
  m.def(
      "save_strokes",
      [](const std::string& path, const py::object& text, const py::object& strokes) {
        std::vector<StrokesFile> page;
        if (py::isinstance<py::str>(text)) {
          page.push_back({text.cast<std::string>(), strokes_from_array(strokes.cast<Array>(), "strokes")});
        } else {
          auto texts = text.cast<std::vector<std::string>>();
          auto arrays = strokes.cast<std::vector<Array>>();
          if (texts.size() != arrays.size() || texts.empty())
            throw Error("save_strokes: give one text per array of strokes");
          for (size_t i = 0; i < texts.size(); ++i)
            page.push_back({texts[i], strokes_from_array(arrays[i], "strokes[" + std::to_string(i) + "]")});
        }
        py::gil_scoped_release free;
        strokes_page_write(path, page);
      },
      py::arg("path"), py::arg("text"), py::arg("strokes"),
      "Writes strokes (array (N, 3) or (N, 2)) and the text they say in the JSON format --style reads; a list of "
      "texts and a list of arrays make a page");
}
