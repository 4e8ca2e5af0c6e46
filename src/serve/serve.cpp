#include "serve/serve.hpp"

#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/error.hpp"
#include "serve/page_files.hpp"
#include "serve/write_queue.hpp"
#include "serve/write_scheduler.hpp"

namespace seqgen {
namespace {

using Clock = std::chrono::steady_clock;

const char* mime_of(const std::string& name) {
  auto ends = [&](const char* e) { return name.size() >= std::strlen(e) && name.ends_with(e); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

void answer_set(httplib::Response& res, const WriteAnswer& a) {
  res.status = a.status;
  if (a.status == 503) res.set_header("Retry-After", "1");
  res.set_content(a.body, a.type.c_str());
}

// The handler only raises a flag (other libraries' threads, started before
// main, may be the ones that take the signal); a watcher stops the server.
std::atomic<int> g_signal{0};
void on_stop_signal(int sig) { g_signal = sig; }

}  // namespace

void serve_run(const ServeOptions& opt) {
  if (opt.queue < 1) fail("--queue must be >= 1, not {}", opt.queue);
  if (!(opt.timeout > 0)) fail("--timeout must be > 0 seconds, not {}", opt.timeout);
  WriteScheduler writer(opt.model, opt.workers, opt.batching ? opt.max_batch : 0, opt.lanes, opt.weights);
  WriteQueue queue(size_t(opt.queue));

  httplib::Server svr;
  // Every waiting request holds a thread; the queue's bound keeps their number bounded too.
  const size_t threads = size_t(opt.queue) + 8;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_payload_max_length(opt.limits.max_body);
  svr.set_keep_alive_max_count(1000);
  svr.set_keep_alive_timeout(60);  // a client that waited long for its answer may be slow to ask again
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const char* why = res.status == 404   ? "no such page or API"
                      : res.status == 405 ? "method not allowed"
                      : res.status == 413 ? "the body is too large"
                      : res.status == 414 ? "the URI is too long"
                                          : "bad request";
    res.set_content(nlohmann::json{{"error", why}}.dump(), "application/json");
  });
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(R"({"error": "internal error"})", "application/json");
  });
  if (!opt.quiet)
    svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::fprintf(stderr, "%s %s %d\n", req.method.c_str(), req.path.c_str(), res.status);
    });

  for (size_t i = 0; i < kPageFileCount; ++i) {
    const PageFile& f = kPageFiles[i];
    const std::string route = std::string(f.name) == "index.html" ? "/" : "/" + std::string(f.name);
    svr.Get(route, [&f](const httplib::Request&, httplib::Response& res) {
      res.set_content(reinterpret_cast<const char*>(f.data), f.size, mime_of(f.name));
    });
  }
  svr.Get("/healthz", [&](const httplib::Request&, httplib::Response& res) {
    nlohmann::json j{{"ok", true}, {"queue", queue.size()}, {"batching", writer.batching()}};
    if (writer.batching()) {
      const BatchStats& s = writer.stats();
      j["batch"] = {{"lines", s.active.load()}, {"largest", s.largest.load()}, {"steps", s.steps.load()}, {"line_steps", s.line_steps.load()},
                    {"prime_skipped", s.prime_skipped.load()},
                    {"draws", s.lines.load()}};
    }
    res.set_content(j.dump(), "application/json");
  });
  svr.Get("/api/styles", [&](const httplib::Request&, httplib::Response& res) {
    nlohmann::json styles = nlohmann::json::array();
    for (int k = 0; k < writer.styles(); ++k) styles.push_back({{"id", k}, {"text", writer.style_text(k)}});
    res.set_content(nlohmann::json{{"styles", styles},
                                   {"limits", {{"lines", opt.limits.max_lines}, {"chars", opt.limits.max_chars}}}}
                        .dump(),
                    "application/json");
  });
  svr.Post("/api/write", [&](const httplib::Request& req, httplib::Response& res) {
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt.timeout));
    WriteRequest wr;
    try {
      wr = write_request_parse(req.body, opt.limits, writer.styles());
      if (!opt.reader) wr.opt.reader = "none";
    } catch (const RequestError& e) {
      return answer_set(res, error_answer(e.status, e.message));
    }
    std::future<WriteAnswer> answer;
    if (!queue.push(std::move(wr), deadline, answer))
      return answer_set(res, error_answer(503, "the server is busy: too many requests waiting; try again shortly"));
    // The scheduler answers a request past its limit; this is the backstop.
    if (answer.wait_until(deadline + std::chrono::seconds(2)) != std::future_status::ready)
      return answer_set(res, error_answer(503, fmt::format("the request took longer than {} s", opt.timeout)));
    answer_set(res, answer.get());
  });

  // The library listens with a backlog of 5: with more clients connecting at
  // once the kernel drops their handshakes and resets them. Listening again
  // on the same socket raises the backlog.
  socket_t listener = INVALID_SOCKET;
  svr.set_socket_options([&listener](socket_t sock) {
    httplib::default_socket_options(sock);
    listener = sock;
  });
  std::thread work([&] { writer.run(queue); });
  int port = opt.port;
  if (port == 0) {
    port = svr.bind_to_any_port(opt.host);
  } else if (!svr.bind_to_port(opt.host, port)) {
    port = -1;
  }
  if (port < 0) {
    queue.close();
    work.join();
    fail("cannot listen on {}:{} (in use, or not an address of this machine?)", opt.host, opt.port);
  }
  if (listener != INVALID_SOCKET) ::listen(listener, 1024);
  std::printf("seqgen serve: listening on http://%s:%d/ (%s)\n", opt.host.c_str(), port,
              writer.model_path().c_str());
  std::fflush(stdout);

  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  std::atomic<bool> listening{true};
  std::thread stopper([&] {
    while (listening && g_signal == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (g_signal == 0) return;
    if (!opt.quiet) std::fprintf(stderr, "seqgen serve: %s, finishing the requests in flight\n", strsignal(g_signal));
    svr.stop();
  });
  svr.listen_after_bind();  // returns once stopped, after the requests in flight are answered
  listening = false;
  stopper.join();
  queue.close();
  work.join();
}

}  // namespace seqgen
