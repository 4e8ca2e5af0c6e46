// README's library example: two lines of handwriting with the shipped model.
// Build it against an installed seqgen with examples/CMakeLists.txt
// (find_package) or `g++ -std=c++17 hello.cpp $(pkg-config --cflags --libs seqgen)`.
#include <seqgen/render.hpp>
#include <seqgen/writer.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  try {
    seqgen::Writer writer;  // the shipped model
    seqgen::WriteOptions opt;
    opt.bias = 0.75;
    auto lines = writer.write({"Hello", "world"}, opt);
    seqgen::lines_write_image(lines, {}, {}, argc > 1 ? argv[1] : "hello.png");
  } catch (const seqgen::Error& e) {
    std::fprintf(stderr, "hello: %s\n", e.what());
    return 1;
  }
}
