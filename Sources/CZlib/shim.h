// zlib's gzip file API, for compressing rotated logs.
#include <zlib.h>
