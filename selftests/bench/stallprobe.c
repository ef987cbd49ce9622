// SPDX-License-Identifier: GPL-2.0
/*
 * stallprobe: how late do timers fire on each CPU of this machine?
 *
 * One thread per CPU, pinned, at SCHED_FIFO (priority -p, default 99),
 * sleeps to absolute deadlines every -i microseconds (default 1000) for -d
 * seconds and records how late each wake-up is.  A wake-up late by L means
 * that CPU ran nothing of ours for L: under qemu TCG, mostly a vCPU the host
 * did not run.  bfd_vs_bfdd.sh runs it beside its stability phases to tell
 * a BFD false flap caused by the machine (both ends' timers stopped) from
 * one caused by the BFD implementation.
 *
 * SIGTERM or SIGINT ends it early, with the summary (for a phase of unknown
 * length: start it, run the phase, kill it).
 *
 * Output: one summary line per CPU and for all, and with -l FILE one line
 * per wake-up later than -t microseconds (default 5000): "cpu
 * start_realtime_us late_us", start being when the stall began (the missed
 * deadline), on CLOCK_REALTIME so that it compares with event time stamps.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NSEC_PER_SEC 1000000000LL

static long interval_us = 1000, threshold_us = 5000;
static int duration_s = 10, prio = 99;
static FILE *logf;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

struct probe {
	pthread_t thread;
	int cpu;
	uint64_t wakeups;
	uint64_t late_1ms, late_5ms, late_10ms, late_20ms;
	int64_t max_ns;
	int err;
};

static int64_t ts_ns(const struct timespec *t)
{
	return (int64_t)t->tv_sec * NSEC_PER_SEC + t->tv_nsec;
}

static void ns_ts(int64_t ns, struct timespec *t)
{
	t->tv_sec = ns / NSEC_PER_SEC;
	t->tv_nsec = ns % NSEC_PER_SEC;
}

static void *run(void *arg)
{
	struct probe *p = arg;
	struct sched_param sp = { .sched_priority = prio };
	struct timespec t, mono, real;
	int64_t next, end, late, offset;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(p->cpu, &set);
	p->err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (!p->err && prio)
		p->err = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	if (p->err)
		return NULL;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	offset = ts_ns(&real) - ts_ns(&mono);
	next = ts_ns(&mono);
	end = next + (int64_t)duration_s * NSEC_PER_SEC;
	while (next < end && !stop) {
		next += interval_us * 1000;
		ns_ts(next, &t);
		/* the thread a signal interrupts stops; the others within an interval */
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR &&
		       !stop)
			;
		if (stop)
			break;
		clock_gettime(CLOCK_MONOTONIC, &mono);
		late = ts_ns(&mono) - next;
		p->wakeups++;
		if (late > p->max_ns)
			p->max_ns = late;
		p->late_1ms += late > 1000000;
		p->late_5ms += late > 5000000;
		p->late_10ms += late > 10000000;
		p->late_20ms += late > 20000000;
		if (logf && late > threshold_us * 1000) {
			pthread_mutex_lock(&log_lock);
			fprintf(logf, "%d %lld %lld\n", p->cpu,
				(long long)((next + offset) / 1000),
				(long long)(late / 1000));
			pthread_mutex_unlock(&log_lock);
		}
		/* a long stall is one event, not one per missed period */
		if (late > interval_us * 1000)
			next = ts_ns(&mono);
	}
	return NULL;
}

static void summary(const char *name, const struct probe *p)
{
	printf("stallprobe %-4s wakeups %llu late >1ms %llu >5ms %llu >10ms %llu >20ms %llu max %.3f ms\n",
	       name, (unsigned long long)p->wakeups,
	       (unsigned long long)p->late_1ms, (unsigned long long)p->late_5ms,
	       (unsigned long long)p->late_10ms, (unsigned long long)p->late_20ms,
	       p->max_ns / 1e6);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: stallprobe [-d seconds] [-i interval_us] [-p fifo_prio (0: SCHED_OTHER)]\n"
		"                  [-t threshold_us] [-l logfile]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { 0 };
	struct probe *probes, all = { 0 };
	int c, i, ncpu, bad = 0;
	char name[16];

	while ((c = getopt(argc, argv, "d:i:p:t:l:")) != -1) {
		switch (c) {
		case 'd':
			duration_s = atoi(optarg);
			break;
		case 'i':
			interval_us = atol(optarg);
			break;
		case 'p':
			prio = atoi(optarg);
			break;
		case 't':
			threshold_us = atol(optarg);
			break;
		case 'l':
			logf = fopen(optarg, "w");
			if (!logf) {
				perror(optarg);
				return 1;
			}
			break;
		default:
			usage();
		}
	}
	if (duration_s <= 0 || interval_us < 100 || prio < 0 || prio > 99 ||
	    threshold_us <= 0 || optind != argc)
		usage();

	/* no SA_RESTART: the sleeping thread that takes it sees the flag */
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	probes = calloc(ncpu, sizeof(*probes));
	if (!probes)
		return 1;
	for (i = 0; i < ncpu; i++) {
		probes[i].cpu = i;
		if (pthread_create(&probes[i].thread, NULL, run, &probes[i])) {
			fprintf(stderr, "stallprobe: pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < ncpu; i++) {
		pthread_join(probes[i].thread, NULL);
		if (probes[i].err) {
			fprintf(stderr, "stallprobe: cpu %d: %s\n", i, strerror(probes[i].err));
			bad = 1;
			continue;
		}
		snprintf(name, sizeof(name), "cpu%d", i);
		summary(name, &probes[i]);
		all.wakeups += probes[i].wakeups;
		all.late_1ms += probes[i].late_1ms;
		all.late_5ms += probes[i].late_5ms;
		all.late_10ms += probes[i].late_10ms;
		all.late_20ms += probes[i].late_20ms;
		if (probes[i].max_ns > all.max_ns)
			all.max_ns = probes[i].max_ns;
	}
	summary("all", &all);
	if (logf)
		fclose(logf);
	free(probes);
	return bad;
}
