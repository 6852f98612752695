#ifndef VEIL_CCURL_SHIM_H
#define VEIL_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt / curl_multi_setopt / curl_easy_getinfo are variadic: Swift cannot call them.
// One typed shim per argument kind (see curl_easy_setopt(3)).
static inline CURLcode CCurl_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode CCurl_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode CCurl_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode CCurl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode CCurl_easy_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode CCurl_easy_setopt_write_callback(CURL *h, CURLoption o, size_t (*cb)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, o, cb); }
static inline CURLcode CCurl_easy_setopt_xferinfo_callback(CURL *h, CURLoption o, int (*cb)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) { return curl_easy_setopt(h, o, cb); }
static inline CURLcode CCurl_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode CCurl_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode CCurl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline CURLMcode CCurl_multi_setopt_pointer(CURLM *m, CURLMoption o, void *v) { return curl_multi_setopt(m, o, v); }
static inline CURLSHcode CCurl_share_setopt_long(CURLSH *s, CURLSHoption o, long v) { return curl_share_setopt(s, o, v); }

// Macros built from other macros do not import into Swift; re-export the ones Upstream needs as constants.
static const size_t CCurl_WRITEFUNC_PAUSE = CURL_WRITEFUNC_PAUSE;  // CURLOPT_WRITEFUNCTION(3)
static const int CCurl_PAUSE_CONT = CURLPAUSE_CONT;                // curl_easy_pause(3)
static const long CCurl_GLOBAL_DEFAULT = CURL_GLOBAL_DEFAULT;      // curl_global_init(3)
static const long CCurl_PIPE_MULTIPLEX = CURLPIPE_MULTIPLEX;       // CURLMOPT_PIPELINING(3)
#endif
