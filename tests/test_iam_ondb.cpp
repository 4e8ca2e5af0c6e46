// IAM-OnDB loading (src/data/iam_*.cpp) on a tiny database made here: the
// two archives as the owners distribute them (built with libarchive), the
// folders they unpack to, the form lists, the cache.
#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/error.hpp"
#include "data/iam_cache.hpp"
#include "data/iam_transcripts.hpp"
#include "data/iam_xml.hpp"
#include "seqgen/iam_ondb.hpp"

using namespace seqgen;
namespace fs = std::filesystem;

namespace {

using Files = std::map<std::string, std::string>;

void file_write(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << s;
}

void targz_write(const fs::path& path, const Files& files) {
  archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_format_pax_restricted(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
  for (const auto& [name, body] : files) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, la_int64_t(body.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK);
    archive_write_data(a, body.data(), body.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

// A line file: strokes of (x, y), readings 0.01 s apart.
std::string line_xml(const std::vector<std::vector<std::pair<int, int>>>& strokes,
                     const std::string& corner = "top_left") {
  std::string s = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<WhiteboardCaptureSession>\n";
  s += fmt::format(
      "  <WhiteboardDescription>\n    <SensorLocation corner=\"{}\"/>\n"
      "    <DiagonallyOppositeCoords x=\"6000\" y=\"2000\"/>\n"
      "    <VerticallyOppositeCoords x=\"500\" y=\"2000\"/>\n"
      "    <HorizontallyOppositeCoords x=\"6000\" y=\"900\"/>\n  </WhiteboardDescription>\n  <StrokeSet>\n",
      corner);
  double t = 1000.0;
  for (const auto& st : strokes) {
    s += "    <Stroke colour=\"black\">\n";
    for (auto [x, y] : st) {
      s += fmt::format("      <Point x=\"{}\" y=\"{}\" time=\"{:.2f}\"/>\n", x, y, t);
      t += 0.01;
    }
    s += "    </Stroke>\n";
    t += 0.3;
  }
  return s + "  </StrokeSet>\n</WhiteboardCaptureSession>\n";
}

std::string transcription(const std::string& csr) {
  return "OCR:\r\n\r\nwhatever was typed\r\n\r\nCSR:\r\n\r\n" + csr + "\r\n\r\n";
}

// Forms: a01-020x (trainset, 3 lines: one text line split by %%%), c03-004z
// (testset_f: line 1 malformed XML, line 2 fine), d04-005 (testset_t: line 2
// has no text, line 3 a board in another orientation, line 4 has no text
// line at all), b02-003 (testset_v, 1 line).
struct TinyDb {
  Files strokes, ascii;
  TinyDb() {
    const std::string a = "lineStrokes/a01/a01-020/";
    strokes[a + "a01-020x-01.xml"] = line_xml({{{100, 900}, {110, 905}, {120, 930}}, {{140, 910}, {150, 915}}});
    strokes[a + "a01-020x-02.xml"] = line_xml({{{200, 1000}, {210, 1010}}, {{230, 990}}, {{240, 995}, {250, 999}}});
    strokes[a + "a01-020x-03.xml"] = line_xml({{{300, 1100}, {305, 1120}, {310, 1140}, {315, 1160}}});
    ascii["ascii/a01/a01-020/a01-020x.txt"] = transcription("Hello  world \r\nsplit here %%%%%%%%%%% tail");
    strokes["lineStrokes/c03/c03-004/c03-004z-01.xml"] = "<WhiteboardCaptureSession><StrokeSet><Stroke>";
    strokes["lineStrokes/c03/c03-004/c03-004z-02.xml"] = line_xml({{{1, 2}, {3, 4}}});
    ascii["ascii/c03/c03-004/c03-004z.txt"] = transcription("broken\r\nfine");
    strokes["lineStrokes/d04/d04-005/d04-005-01.xml"] = line_xml({{{5, 6}, {7, 8}}});
    strokes["lineStrokes/d04/d04-005/d04-005-02.xml"] = line_xml({{{5, 6}, {7, 8}}});
    strokes["lineStrokes/d04/d04-005/d04-005-03.xml"] = line_xml({{{5, 6}, {7, 8}}}, "bottom_right");
    strokes["lineStrokes/d04/d04-005/d04-005-04.xml"] = line_xml({{{5, 6}, {7, 8}}});
    ascii["ascii/d04/d04-005/d04-005.txt"] = transcription("first\r\n   \r\nthird");
    strokes["lineStrokes/b02/b02-003/b02-003-01.xml"] = line_xml({{{50, 60}, {55, 66}, {61, 70}}});
    ascii["ascii/b02/b02-003/b02-003.txt"] = transcription("Valid line.");
    // Not in any list: never read into the result.
    strokes["lineStrokes/e05/e05-006/e05-006-01.xml"] = line_xml({{{1, 1}, {2, 2}}});
    ascii["ascii/e05/e05-006/e05-006.txt"] = transcription("unlisted");
  }
};

struct IamOndb : ::testing::Test {
  fs::path dir;
  void SetUp() override {
    dir = fs::temp_directory_path() /
          fmt::format("seqgen_iam_{}_{}", getpid(), ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  void lists_write(const fs::path& root) {
    file_write(root / "trainset.txt", " a01-020x\n");
    file_write(root / "testset_f.txt", " c03-004z\n");
    file_write(root / "testset_t.txt", " d04-005\n\n");
    file_write(root / "testset_v.txt", " b02-003\n");
  }
  fs::path archives_make(const TinyDb& db = TinyDb()) {
    fs::path root = dir / "iam";
    fs::create_directories(root);
    targz_write(root / "lineStrokes-all.tar.gz", db.strokes);
    targz_write(root / "ascii-all.tar.gz", db.ascii);
    lists_write(root);
    return root;
  }
  fs::path folders_make(const TinyDb& db = TinyDb()) {
    fs::path root = dir / "unpacked";
    for (const Files* f : {&db.strokes, &db.ascii})
      for (const auto& [name, body] : *f) file_write(root / name, body);
    lists_write(root);
    return root;
  }
};

const IamSkip* skip_find(const IamReport& r, const std::string& file) {
  for (const IamSkip& s : r.skipped)
    if (s.file == file) return &s;
  return nullptr;
}

void expect_same(const std::vector<IamLine>& a, const std::vector<IamLine>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].text, b[i].text);
    ASSERT_EQ(a[i].strokes.size(), b[i].strokes.size());
    for (size_t j = 0; j < a[i].strokes.size(); ++j) {
      EXPECT_EQ(std::memcmp(&a[i].strokes[j].x, &b[i].strokes[j].x, 4), 0);
      EXPECT_EQ(std::memcmp(&a[i].strokes[j].y, &b[i].strokes[j].y, 4), 0);
      EXPECT_EQ(a[i].strokes[j].end, b[i].strokes[j].end);
    }
  }
}

}  // namespace

TEST(IamTranscripts, FormIdsAndFolders) {
  EXPECT_TRUE(iam_form_id_valid("a01-020x"));
  EXPECT_TRUE(iam_form_id_valid("d04-005"));
  EXPECT_FALSE(iam_form_id_valid("a01-020xy"));
  EXPECT_FALSE(iam_form_id_valid("A01-020"));
  EXPECT_FALSE(iam_form_id_valid("a01_020"));
  EXPECT_EQ(iam_form_dir("a01-020x"), "a01/a01-020");
  EXPECT_EQ(iam_form_dir("d04-005"), "d04/d04-005");
}

TEST(IamTranscripts, CsrLinesWithSplitMarker) {
  std::vector<std::string> lines;
  std::string why;
  ASSERT_TRUE(iam_csr_lines("OCR:\n\nignored\n\nCSR:\n\n one\ttwo  \nankle bone %%%%%%%%%%% pinned.\nlast\n\n", lines,
                            why));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "one two");
  EXPECT_EQ(lines[1], "ankle bone");
  EXPECT_EQ(lines[2], "pinned.");
  EXPECT_EQ(lines[3], "last");
  EXPECT_FALSE(iam_csr_lines("OCR:\n\nno csr here\n", lines, why));
  EXPECT_NE(why.find("CSR"), std::string::npos);
}

TEST_F(IamOndb, LoadsArchivesWithThePapersSplit) {
  IamOptions o;
  o.root = archives_make().string();
  IamDataset d = iam_load(o);

  ASSERT_EQ(d.train.size(), 5u);
  EXPECT_EQ(d.train[0].id, "a01-020x-01");
  EXPECT_EQ(d.train[0].text, "Hello world");
  EXPECT_EQ(d.train[1].id, "a01-020x-02");
  EXPECT_EQ(d.train[1].text, "split here");
  EXPECT_EQ(d.train[2].id, "a01-020x-03");
  EXPECT_EQ(d.train[2].text, "tail");
  EXPECT_EQ(d.train[3].id, "c03-004z-02");  // testset_f after trainset
  EXPECT_EQ(d.train[3].text, "fine");
  EXPECT_EQ(d.train[4].id, "d04-005-01");  // then testset_t
  ASSERT_EQ(d.valid.size(), 1u);
  EXPECT_EQ(d.valid[0].id, "b02-003-01");
  EXPECT_EQ(d.valid[0].text, "Valid line.");

  // Points as in the file (x right, y down), end on each stroke's last point.
  const Strokes& s = d.train[0].strokes;
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].x, 100);
  EXPECT_EQ(s[0].y, 900);
  EXPECT_EQ(s[2].x, 120);
  EXPECT_EQ(s[2].y, 930);  // further down the board = larger y
  EXPECT_FALSE(s[0].end);
  EXPECT_FALSE(s[1].end);
  EXPECT_TRUE(s[2].end);
  EXPECT_FALSE(s[3].end);
  EXPECT_TRUE(s[4].end);
  const Strokes& s2 = d.train[1].strokes;
  ASSERT_EQ(s2.size(), 5u);
  EXPECT_TRUE(s2[1].end);
  EXPECT_TRUE(s2[2].end);  // a one-reading stroke
  EXPECT_TRUE(s2[4].end);
  EXPECT_EQ(d.train[2].strokes.size(), 4u);

  const IamReport& r = d.report;
  EXPECT_EQ(r.skipped.size(), 4u);
  const IamSkip* bad = skip_find(r, "lineStrokes/c03/c03-004/c03-004z-01.xml");
  ASSERT_NE(bad, nullptr);
  EXPECT_NE(bad->reason.find("malformed XML"), std::string::npos) << bad->reason;
  const IamSkip* empty = skip_find(r, "lineStrokes/d04/d04-005/d04-005-02.xml");
  ASSERT_NE(empty, nullptr);
  EXPECT_NE(empty->reason.find("empty transcription"), std::string::npos) << empty->reason;
  EXPECT_EQ(r.lines_empty, 1);
  const IamSkip* turned = skip_find(r, "lineStrokes/d04/d04-005/d04-005-03.xml");
  ASSERT_NE(turned, nullptr);
  EXPECT_NE(turned->reason.find("bottom_right"), std::string::npos) << turned->reason;
  const IamSkip* extra = skip_find(r, "lineStrokes/d04/d04-005/d04-005-04.xml");
  ASSERT_NE(extra, nullptr);
  EXPECT_NE(extra->reason.find("no text"), std::string::npos) << extra->reason;
  EXPECT_EQ(r.points_read, 5 + 5 + 4 + 2 + 2 + 3);
  EXPECT_FALSE(r.from_cache);
  std::string text = iam_report_text(d);
  EXPECT_NE(text.find("5 training lines, 1 validation lines"), std::string::npos) << text;
  EXPECT_NE(text.find("c03-004z-01.xml: malformed XML"), std::string::npos) << text;
}

TEST_F(IamOndb, FoldersGiveTheSameLinesAsArchives) {
  IamOptions o;
  o.root = archives_make().string();
  IamDataset a = iam_load(o);
  o.root = folders_make().string();
  IamDataset f = iam_load(o);
  expect_same(a.train, f.train);
  expect_same(a.valid, f.valid);
  EXPECT_EQ(a.report.skipped.size(), f.report.skipped.size());
}

TEST_F(IamOndb, OtherListsMakeOtherSplits) {
  IamOptions o;
  o.root = archives_make().string();
  o.train_lists = {"trainset.txt"};
  o.valid_lists = {"testset_v.txt", (fs::path(o.root) / "testset_f.txt").string()};
  IamDataset d = iam_load(o);
  EXPECT_EQ(d.train.size(), 3u);
  ASSERT_EQ(d.valid.size(), 2u);
  EXPECT_EQ(d.valid[1].id, "c03-004z-02");
  o.valid_lists = {"trainset.txt"};  // a form in both splits
  EXPECT_THROW(iam_load(o), Error);
}

TEST_F(IamOndb, MissingFilesAreErrorsNamingThePath) {
  fs::path root = archives_make();
  IamOptions o;
  o.root = root.string();
  fs::remove(root / "testset_t.txt");
  try {
    iam_load(o);
    FAIL() << "no error for a missing list";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("testset_t.txt"), std::string::npos) << e.what();
  }
  lists_write(root);
  file_write(root / "testset_v.txt", " b02-003\nnot a form\n");
  try {
    iam_load(o);
    FAIL() << "no error for a bad list";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("testset_v.txt:2"), std::string::npos) << e.what();
  }
  lists_write(root);
  fs::remove(root / "lineStrokes-all.tar.gz");
  try {
    iam_load(o);
    FAIL() << "no error for a missing archive";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("lineStrokes-all.tar.gz"), std::string::npos) << e.what();
  }
  file_write(root / "lineStrokes-all.tar.gz", "this is not gzip");
  try {
    iam_load(o);
    FAIL() << "no error for a broken archive";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("lineStrokes-all.tar.gz"), std::string::npos) << e.what();
  }
}

TEST_F(IamOndb, MisplacedFileIsReported) {
  TinyDb db;
  db.strokes["lineStrokes/a01/a01-021/a01-020x-03.xml"] = db.strokes["lineStrokes/a01/a01-020/a01-020x-03.xml"];
  db.strokes.erase("lineStrokes/a01/a01-020/a01-020x-03.xml");
  IamOptions o;
  o.root = archives_make(db).string();
  IamDataset d = iam_load(o);
  EXPECT_EQ(d.train.size(), 4u);
  ASSERT_NE(skip_find(d.report, "lineStrokes/a01/a01-021/a01-020x-03.xml"), nullptr);
  const IamSkip* missing = skip_find(d.report, "lineStrokes/a01/a01-020/a01-020x-03.xml");
  ASSERT_NE(missing, nullptr);
  EXPECT_NE(missing->reason.find("missing"), std::string::npos);
}

TEST_F(IamOndb, CacheRoundTripIsExact) {
  IamOptions o;
  o.root = archives_make().string();
  o.cache = (dir / "iam.cache").string();
  IamDataset first = iam_load(o);
  EXPECT_FALSE(first.report.from_cache);
  ASSERT_TRUE(fs::exists(o.cache));
  EXPECT_FALSE(fs::exists(o.cache + ".tmp"));
  IamDataset again = iam_load(o);
  EXPECT_TRUE(again.report.from_cache);
  expect_same(first.train, again.train);
  expect_same(first.valid, again.valid);
  ASSERT_EQ(first.report.skipped.size(), again.report.skipped.size());
  for (size_t i = 0; i < first.report.skipped.size(); ++i) {
    EXPECT_EQ(first.report.skipped[i].file, again.report.skipped[i].file);
    EXPECT_EQ(first.report.skipped[i].reason, again.report.skipped[i].reason);
  }
  EXPECT_EQ(first.report.points_read, again.report.points_read);
  EXPECT_EQ(first.report.lines_empty, again.report.lines_empty);

  // Other cleaning options or another list make the cache stale.
  o.clean.max_step = 400;
  EXPECT_FALSE(iam_load(o).report.from_cache);
  EXPECT_TRUE(iam_load(o).report.from_cache);
  file_write(fs::path(o.root) / "testset_v.txt", " b02-003\n\n");
  IamDataset relisted = iam_load(o);
  EXPECT_FALSE(relisted.report.from_cache);
  EXPECT_NE(relisted.report.cache_note.find("other"), std::string::npos) << relisted.report.cache_note;
}

TEST_F(IamOndb, CorruptCacheIsRefusedAndRebuilt) {
  IamOptions o;
  o.root = archives_make().string();
  o.cache = (dir / "iam.cache").string();
  IamDataset first = iam_load(o);
  std::string bytes;
  {
    std::ifstream in(o.cache, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(bytes.size(), 200u);
  std::string flipped = bytes;
  flipped[bytes.size() - 20] ^= 0x10;  // inside the last line's points
  file_write(o.cache, flipped);
  IamDataset d;
  std::string why;
  try {
    iam_cache_read(o.cache, "whatever", d, why);
    FAIL() << "a damaged cache was read";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(o.cache), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("corrupt"), std::string::npos) << e.what();
  }
  file_write(o.cache, bytes.substr(0, bytes.size() / 2));
  EXPECT_THROW(iam_cache_read(o.cache, "whatever", d, why), Error);
  file_write(o.cache, "garbage");
  EXPECT_THROW(iam_cache_read(o.cache, "whatever", d, why), Error);

  // iam_load rebuilds it and says why.
  file_write(o.cache, flipped);
  IamDataset rebuilt = iam_load(o);
  EXPECT_FALSE(rebuilt.report.from_cache);
  EXPECT_NE(rebuilt.report.cache_note.find("corrupt"), std::string::npos);
  expect_same(first.train, rebuilt.train);
  EXPECT_TRUE(iam_load(o).report.from_cache);
}

// A line file is outside input: its points are bounded (data/iam_xml.hpp).
TEST(IamXml, TooManyPointsAreRefused) {
  std::string x = "<WhiteboardCaptureSession><WhiteboardDescription><SensorLocation corner=\"top_left\"/>"
                  "</WhiteboardDescription><StrokeSet><Stroke>";
  for (size_t i = 0; i <= kIamLineMaxPoints; ++i) x += "<Point x=\"1\" y=\"2\" time=\"3\"/>";
  x += "</Stroke></StrokeSet></WhiteboardCaptureSession>";
  std::vector<RawStroke> out;
  std::string why;
  EXPECT_FALSE(iam_xml_read(x, out, why));
  EXPECT_EQ(why, "more than 100000 points");
}
