// seqgen serve: the web page and the JSON API over HTTP (cpp-httplib).
//   GET  /             the page (files embedded at build time, page/)
//   GET  /healthz      {"ok": true, ...}
//   GET  /api/styles   the model's built-in styles
//   POST /api/write    handwriting for lines of text (write_request.hpp)
// Errors are {"error": "..."} with a 4xx status (503 + Retry-After when the
// queue is full or a request ran out of time). SIGTERM/SIGINT: stop
// accepting, finish the requests in flight, return.
#pragma once
#include <string>

#include "seqgen/weights.hpp"
#include "serve/write_request.hpp"

namespace seqgen {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;          // 0 = any free port (printed)
  std::string model;        // "" = the shipped synthesis model
  bool batching = true;     // lines of all requests in flight drawn in one batch (write_batch.hpp)
  int max_batch = 64;       // batching: lines drawn at once, all lanes together
  int lanes = 2;            // batching: threads, each stepping its own batch
  Weights weights = weights_default();  // of the sampling step (seqgen/weights.hpp)
  bool reader = true;       // the model's recogniser checks each word (WriteOptions::reader); false: none
  int workers = 2;          // without batching: requests written at once, each by its own copy of the model
  int queue = 256;          // requests waiting or being written, at most
  double timeout = 30;      // seconds a request may take, queue included
  bool quiet = false;       // no line per request
  ServeLimits limits;
};

void serve_run(const ServeOptions& opt);

}  // namespace seqgen
