/* The benchmark workload in tight C: the yardstick of what this machine can do (issue 12).
 *
 * The same model as benchmarks/reference.py and loyalty's damage() (docs/model.md): 10 cohorts,
 * 7 rates each given as a 90% interval and read as logit-normal; the total damage over the
 * cohorts per sample, summarised as mean and 5th/50th/95th percentiles. Two threads, each with
 * its own xoshiro256+ stream and a ziggurat for the normals (Marsaglia & Tsang 2000), one pass
 * chunk of 256 samples at a time over all cohorts, no arrays but the chunk's and the totals. The numbers differ from loyalty's and
 * numpy's in the last digits only through the random streams.
 *
 *   cc -O3 -march=native -ffast-math -pthread montecarlo.c -lm -o montecarlo
 *   ./montecarlo SAMPLES < cohorts.txt     (one line per cohort, written by loyalty-bench:
 *                                            customers value, then 7 pairs lo hi)
 * Prints {"samples": N, "seconds": best of 3, "mean": ..., "p5": ..., "p50": ..., "p95": ...}.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COHORTS 10
#define INPUTS 7
#define THREADS 2
#define Z95 1.6448536269514722

typedef struct {
    double customers, value;
    double mu[INPUTS], sigma[INPUTS];
} Cohort;

static Cohort cohorts[COHORTS];

/* xoshiro256+ (Blackman & Vigna), seeded by splitmix64. */
typedef struct { uint64_t s[4]; } Rng;

static uint64_t splitmix(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t next(Rng *r) {
    uint64_t *s = r->s, result = s[0] + s[3], t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return result;
}

static inline double uniform(Rng *r) { return ((next(r) >> 11) + 0.5) * 0x1.0p-53; }

/* Ziggurat, 128 layers (Marsaglia & Tsang 2000, "The ziggurat method for generating random
 * variables", J. Stat. Software 5(8)), with 32-bit draws as in the paper. */
static uint32_t kn[128];
static double wn[128], fn[128];

static void zigset(void) {
    double dn = 3.442619855899, tn = dn, vn = 9.91256303526217e-3, m1 = 2147483648.0;
    double q = vn / exp(-.5 * dn * dn);
    kn[0] = (uint32_t)((dn / q) * m1); kn[1] = 0;
    wn[0] = q / m1; wn[127] = dn / m1;
    fn[0] = 1.; fn[127] = exp(-.5 * dn * dn);
    for (int i = 126; i >= 1; i--) {
        dn = sqrt(-2. * log(vn / dn + exp(-.5 * dn * dn)));
        kn[i + 1] = (uint32_t)((dn / tn) * m1);
        tn = dn;
        fn[i] = exp(-.5 * dn * dn);
        wn[i] = dn / m1;
    }
}

static double nfix(Rng *r, int32_t hz, uint32_t iz) {
    const double R = 3.442620;
    for (;;) {
        double x = hz * wn[iz];
        if (iz == 0) {
            double y;
            do { x = -log(uniform(r)) * 0.2904764; y = -log(uniform(r)); } while (y + y < x * x);
            return hz > 0 ? R + x : -R - x;
        }
        if (fn[iz] + uniform(r) * (fn[iz - 1] - fn[iz]) < exp(-.5 * x * x)) return x;
        hz = (int32_t)(uint32_t)next(r);
        iz = (uint32_t)hz & 127;
        if ((uint32_t)abs(hz) < kn[iz]) return hz * wn[iz];
    }
}

static inline double normal(Rng *r) {
    int32_t hz = (int32_t)(uint32_t)(next(r) >> 32);
    uint32_t iz = (uint32_t)hz & 127;
    return (uint32_t)abs(hz) < kn[iz] ? hz * wn[iz] : nfix(r, hz, iz);
}

typedef struct { double *total; long from, to; uint64_t seed; } Job;

/* Samples per step: each input's chunk stays in the first-level cache, and the logistic and
 * model loops run over arrays, so the compiler vectorises them (exp from glibc's libmvec). */
#define CHUNK 256

static void *work(void *arg) {
    Job *job = arg;
    Rng rng;
    uint64_t x = job->seed;
    for (int i = 0; i < 4; i++) rng.s[i] = splitmix(&x);
    const double s = 0.5, o = 0.3, r0 = 0.9, ro = 0.7;
    static __thread double v[INPUTS][CHUNK], z[CHUNK], sum[CHUNK];
    for (long at = job->from; at < job->to; at += CHUNK) {
        int len = job->to - at < CHUNK ? (int)(job->to - at) : CHUNK;
        for (int i = 0; i < len; i++) sum[i] = 0;
        for (int c = 0; c < COHORTS; c++) {
            const Cohort *k = &cohorts[c];
            for (int j = 0; j < INPUTS; j++) {
                const double mu = k->mu[j], sigma = k->sigma[j];
                for (int i = 0; i < len; i++) z[i] = normal(&rng);
                for (int i = 0; i < len; i++) v[j][i] = 1 / (1 + exp(-(mu + sigma * z[i])));
            }
            const double customers = k->customers, value = k->value;
            for (int i = 0; i < len; i++) {
                double p = v[0][i], cr = v[1][i], rn = v[2][i], rs = v[3][i], rd = v[4][i], lpt = v[5][i],
                       wpt = v[6][i];
                double with_problem = customers * p;
                double complainers = with_problem * cr, silent = with_problem * (1 - cr);
                double satisfied = complainers * s, mollified = complainers * o,
                       dissatisfied = complainers * (1 - s - o);
                double lost =
                    silent * (r0 - rn) + satisfied * (r0 - rs) + mollified * (r0 - ro) + dissatisfied * (r0 - rd);
                double prospects_lost = (silent + dissatisfied) * 10 * lpt, prospects_won = satisfied * 5 * wpt;
                sum[i] += lost * value - (prospects_won - prospects_lost) * value;
            }
        }
        memcpy(job->total + at, sum, len * sizeof(double));
    }
    return NULL;
}

/* The k-th smallest of x[lo..hi] (Hoare's selection), as loyalty's summary finds percentiles. */
static double select_k(double *x, long n, long k) {
    long lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = x[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (x[i] < pivot) i++;
            while (x[j] > pivot) j--;
            if (i <= j) { double t = x[i]; x[i] = x[j]; x[j] = t; i++; j--; }
        }
        if (k <= j) hi = j; else if (k >= i) lo = i; else break;
    }
    return x[k];
}

static double quantile(double *x, long n, double p) {
    double h = (n - 1) * p;
    long k = (long)h;
    double a = select_k(x, n, k);
    if (k + 1 >= n) return a;
    double b = x[k + 1];
    for (long i = k + 2; i < n; i++) if (x[i] < b) b = x[i];
    return a + (h - k) * (b - a);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    for (int c = 0; c < COHORTS; c++) {
        if (scanf("%lf %lf", &cohorts[c].customers, &cohorts[c].value) != 2) return 1;
        for (int j = 0; j < INPUTS; j++) {
            double lo, hi;
            if (scanf("%lf %lf", &lo, &hi) != 2) return 1;
            double a = log(lo / (1 - lo)), b = log(hi / (1 - hi));
            cohorts[c].mu[j] = (a + b) / 2;
            cohorts[c].sigma[j] = (b - a) / (2 * Z95);
        }
    }
    zigset();
    double *total = malloc(n * sizeof(double));
    double best = INFINITY, mean = 0, p5 = 0, p50 = 0, p95 = 0;
    for (int run = 0; run < 3; run++) {
        double start = now();
        pthread_t threads[THREADS];
        Job jobs[THREADS];
        for (int t = 0; t < THREADS; t++) {
            jobs[t] = (Job){total, n * t / THREADS, n * (t + 1) / THREADS, 2026 + 7919 * t};
            pthread_create(&threads[t], NULL, work, &jobs[t]);
        }
        for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
        double sum = 0;
        for (long i = 0; i < n; i++) sum += total[i];
        mean = sum / n;
        p5 = quantile(total, n, 0.05);
        p50 = quantile(total, n, 0.50);
        p95 = quantile(total, n, 0.95);
        double seconds = now() - start;
        if (seconds < best) best = seconds;
    }
    printf("{\"samples\": %ld, \"seconds\": %.6f, \"mean\": %.2f, \"p5\": %.2f, \"p50\": %.2f, \"p95\": %.2f}\n",
           n, best, mean, p5, p50, p95);
    free(total);
    return 0;
}
