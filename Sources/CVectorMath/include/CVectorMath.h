// Vectorised transforms for the Monte Carlo loops of LoyaltyCore (IntervalSampler): e^x and the
// logistic over a buffer of normal draws. In C because C can compile one function for several
// instruction sets and pick one when the program starts (target_clones); Swift cannot. Every
// version performs the same IEEE operations in the same order (no fused multiply-add), so the
// results are bit for bit the same on every machine: seeded runs stay reproducible.
#ifndef CVECTORMATH_H
#define CVECTORMATH_H

// e^x, accurate to about 2 units in the last place; 0 below −746, infinity above 710.
double cvm_exp(double x);

// x[i] = 1 / (1 + e^−(mu + sigma·x[i])) for i < n: logit-normal samples from standard normals.
void cvm_logistic(double *x, long n, double mu, double sigma);

// x[i] = e^(mu + sigma·x[i]) for i < n: lognormal samples from standard normals.
void cvm_exponential(double *x, long n, double mu, double sigma);

// The same two transforms compiled for the baseline instruction set only, for the test that
// checks that every version gives the same bits.
void cvm_logistic_baseline(double *x, long n, double mu, double sigma);
void cvm_exponential_baseline(double *x, long n, double mu, double sigma);

#endif
