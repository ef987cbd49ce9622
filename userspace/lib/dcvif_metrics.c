// SPDX-License-Identifier: GPL-2.0
/*
 * dcvif_metrics: the state of the edge as Prometheus text (exposition
 * format 0.0.4): the dcvif module's VIFs, BFD sessions and LAGs over
 * generic netlink, and dcvifd's BGP sessions, prefixes and FIB from the
 * JSON of its "show neighbors" and "show summary".  The one renderer of
 * "dcvifctl metrics" and of dcvifd's HTTP listener (metrics.c there).
 */
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "dcvif_json.h"
#include "dcvif_metrics.h"

struct fam {
	const char	*name;
	const char	*type;		/* gauge, counter */
	const char	*help;
};

static void
head(struct dcvif_metrics *o, const struct fam *m)
{
	int i;

	for (i = 0; i < o->ndone; i++)
		if (o->done[i] == m->name)
			return;
	if (o->ndone < (int)(sizeof(o->done) / sizeof(o->done[0])))
		o->done[o->ndone++] = m->name;
	fprintf(o->f, "# HELP %s %s\n# TYPE %s %s\n", m->name, m->help, m->name,
		m->type);
}

/* a label value: backslash, quote and newline escaped */
static void
label(FILE *f, const char *k, const char *v, int first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", k);
	for (; v && *v; v++) {
		if (*v == '\\' || *v == '"')
			fprintf(f, "\\%c", *v);
		else if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
	fputc('"', f);
}

/* NAME{k1="v1",...} VALUE; labels as key, value pairs ending in NULL */
static void
sample(struct dcvif_metrics *o, const struct fam *m, double v, ...)
{
	const char *k, *lv;
	va_list ap;
	int first = 1;

	head(o, m);
	fputs(m->name, o->f);
	va_start(ap, v);
	while ((k = va_arg(ap, const char *)) != NULL) {
		lv = va_arg(ap, const char *);
		fputc(first ? '{' : ',', o->f);
		label(o->f, k, lv, 1);
		first = 0;
	}
	va_end(ap);
	if (!first)
		fputc('}', o->f);
	fprintf(o->f, " %.17g\n", v);
}

static const char *
s_of(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return "";
	return json_object_get_string(v);
}

static int
has(json_object *o, const char *key, double *val)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_boolean))
		*val = json_object_get_boolean(v);
	else
		*val = json_object_get_double(v);
	return 1;
}

static const struct fam
	f_mod = { "dcvif_module_up", "gauge",
		  "1 if the dcvif module answered over generic netlink" },
	f_dup = { "dcvifd_up", "gauge", "1 if dcvifd answered on its control socket" },
	f_vcar = { "dcvif_vif_carrier", "gauge",
		   "1 if the VIF has carrier (its lower is up and BFD, if coupled, is Up)" },
	f_vinfo = { "dcvif_vif_info", "gauge",
		    "VIF identity: lower, VLAN and why the carrier is off (1)" },
	f_vrxp = { "dcvif_vif_receive_packets_total", "counter", "Packets received on the VIF" },
	f_vtxp = { "dcvif_vif_transmit_packets_total", "counter", "Packets sent on the VIF" },
	f_vrxb = { "dcvif_vif_receive_bytes_total", "counter", "Bytes received on the VIF" },
	f_vtxb = { "dcvif_vif_transmit_bytes_total", "counter", "Bytes sent on the VIF" },
	f_vbfdd = { "dcvif_vif_bfd_drop_no_session_total", "counter",
		    "BFD packets for the VIF that matched no session" },
	f_bup = { "dcvif_bfd_session_up", "gauge", "1 if the BFD session is Up" },
	f_bst = { "dcvif_bfd_session_state", "gauge",
		  "The BFD session's state (the state label), always 1" },
	f_bdet = { "dcvif_bfd_detect_time_seconds", "gauge", "The session's detection time" },
	f_btx = { "dcvif_bfd_transmit_packets_total", "counter", "BFD packets sent" },
	f_brx = { "dcvif_bfd_receive_packets_total", "counter", "BFD packets received" },
	f_bdrop = { "dcvif_bfd_receive_drops_total", "counter",
		    "BFD packets for the session dropped, all reasons" },
	f_bdropr = { "dcvif_bfd_receive_drops_by_reason_total", "counter",
		     "BFD packets for the session dropped: bad TTL, malformed, authentication" },
	f_bupt = { "dcvif_bfd_up_transitions_total", "counter", "Transitions to Up" },
	f_bdnt = { "dcvif_bfd_down_transitions_total", "counter", "Transitions from Up to Down" },
	f_lcar = { "dclag_carrier", "gauge", "1 if the LAG has carrier (at least min-links active)" },
	f_lact = { "dclag_active_members", "gauge", "Members carrying traffic" },
	f_lmin = { "dclag_min_links", "gauge", "The LAG's min-links" },
	f_lmem = { "dclag_members", "gauge", "Members of the LAG" },
	f_mact = { "dclag_member_active", "gauge", "1 if the member carries traffic" },
	f_mcar = { "dclag_member_carrier", "gauge", "1 if the member port has carrier" },
	f_mlrx = { "dclag_member_lacpdu_receive_total", "counter", "LACPDUs received" },
	f_mltx = { "dclag_member_lacpdu_transmit_total", "counter", "LACPDUs sent" },
	f_mlbad = { "dclag_member_lacpdu_bad_total", "counter", "Malformed LACPDUs" },
	f_gest = { "dcvifd_bgp_session_established", "gauge",
		   "1 if the BGP session is Established" },
	f_gst = { "dcvifd_bgp_session_state", "gauge",
		  "The BGP session's state (the state label), always 1" },
	f_grx = { "dcvifd_bgp_prefixes_received", "gauge", "Prefixes received from the peer" },
	f_gtx = { "dcvifd_bgp_prefixes_sent", "gauge", "Prefixes sent to the peer" },
	f_ghold = { "dcvifd_bgp_prefixes_held", "gauge",
		    "Prefixes held back by the outbound limit (max-prefix-out), by family" },
	f_glim = { "dcvifd_bgp_prefix_limit_out", "gauge",
		   "The outbound prefix limit per family (0: none)" },
	f_gflap = { "dcvifd_bgp_flaps_total", "counter", "Times the session left Established" },
	f_gmsgs = { "dcvifd_bgp_messages_sent_total", "counter", "BGP messages sent, by type" },
	f_gmsgr = { "dcvifd_bgp_messages_received_total", "counter",
		    "BGP messages received, by type" },
	f_rib = { "dcvifd_rib_prefixes", "gauge", "Prefixes in the RIB, by family" },
	f_fib = { "dcvifd_fib_routes", "gauge", "dcvifd's routes in the kernel" },
	f_fibe = { "dcvifd_fib_errors_total", "counter", "Kernel refusals of dcvifd's requests" };

void
dcvif_metrics_kernel(struct dcvif_metrics *o)
{
	json_object *vifs = json_object_new_array(), *bfd = json_object_new_array(),
		    *lags = json_object_new_array();
	struct timeval tmo = { .tv_sec = DCVIF_METRICS_GENL_TIMEOUT };
	struct genl g;
	size_t i, j;
	double v;
	int ok = 0;

	if (genl_open(&g) == 0) {
		/*
		 * The kernel answers a dump from its own state, at once; the
		 * timeout only bounds what a daemon's loop could lose to a
		 * socket that never answers (then dcvif_module_up is 0).
		 */
		setsockopt(genl_fd(&g), SOL_SOCKET, SO_RCVTIMEO, &tmo,
			   sizeof(tmo));
		ok = vif_dump(&g, vifs, "metrics") == 0 &&
		     bfd_dump(&g, bfd, "metrics") == 0 &&
		     lag_dump(&g, lags, "metrics") == 0;
		genl_close(&g);
	}
	sample(o, &f_mod, ok, NULL);
	for (i = 0; ok && i < json_object_array_length(vifs); i++) {
		json_object *x = json_object_array_get_idx(vifs, i);
		const char *dev = s_of(x, "dev");

		const char *why = s_of(x, "carrier_reason");

		sample(o, &f_vinfo, 1, "vif", dev, "lower", s_of(x, "lower"),
		       "vlan", s_of(x, "vid"), "carrier_reason",
		       *why ? why : "none", NULL);
		if (has(x, "carrier", &v))
			sample(o, &f_vcar, v, "vif", dev, NULL);
		if (has(x, "rx_packets", &v))
			sample(o, &f_vrxp, v, "vif", dev, NULL);
		if (has(x, "tx_packets", &v))
			sample(o, &f_vtxp, v, "vif", dev, NULL);
		if (has(x, "rx_bytes", &v))
			sample(o, &f_vrxb, v, "vif", dev, NULL);
		if (has(x, "tx_bytes", &v))
			sample(o, &f_vtxb, v, "vif", dev, NULL);
		if (has(x, "bfd_drop_no_session", &v))
			sample(o, &f_vbfdd, v, "vif", dev, NULL);
	}
	for (i = 0; ok && i < json_object_array_length(bfd); i++) {
		static const char *const drops[] = { "drop_bad_ttl",
			"drop_malformed", "drop_auth" };
		json_object *x = json_object_array_get_idx(bfd, i), *st;
		const char *dev = s_of(x, "dev"), *peer = s_of(x, "peer");

		sample(o, &f_bup, strcmp(s_of(x, "state"), "Up") == 0, "vif",
		       dev, "peer", peer, NULL);
		sample(o, &f_bst, 1, "vif", dev, "peer", peer, "state",
		       s_of(x, "state"), NULL);
		if (has(x, "detect_time_us", &v))
			sample(o, &f_bdet, v / 1e6, "vif", dev, "peer", peer,
			       NULL);
		if (!json_object_object_get_ex(x, "stats", &st))
			continue;
		if (has(st, "tx_packets", &v))
			sample(o, &f_btx, v, "vif", dev, "peer", peer, NULL);
		if (has(st, "rx_packets", &v))
			sample(o, &f_brx, v, "vif", dev, "peer", peer, NULL);
		if (has(st, "rx_drops", &v))
			sample(o, &f_bdrop, v, "vif", dev, "peer", peer, NULL);
		for (j = 0; j < sizeof(drops) / sizeof(drops[0]); j++)
			if (has(st, drops[j], &v))
				sample(o, &f_bdropr, v, "vif", dev, "peer", peer,
				       "reason", drops[j] + 5, NULL);
		if (has(st, "up_transitions", &v))
			sample(o, &f_bupt, v, "vif", dev, "peer", peer, NULL);
		if (has(st, "down_transitions", &v))
			sample(o, &f_bdnt, v, "vif", dev, "peer", peer, NULL);
	}
	for (i = 0; ok && i < json_object_array_length(lags); i++) {
		json_object *x = json_object_array_get_idx(lags, i), *mem;
		const char *lag = s_of(x, "dev");

		if (has(x, "carrier", &v))
			sample(o, &f_lcar, v, "lag", lag, NULL);
		if (has(x, "active_members", &v))
			sample(o, &f_lact, v, "lag", lag, NULL);
		if (has(x, "min_links", &v))
			sample(o, &f_lmin, v, "lag", lag, NULL);
		if (has(x, "members", &v))
			sample(o, &f_lmem, v, "lag", lag, NULL);
		if (!json_object_object_get_ex(x, "member", &mem))
			continue;
		for (j = 0; j < json_object_array_length(mem); j++) {
			json_object *m = json_object_array_get_idx(mem, j);
			const char *md = s_of(m, "dev");

			if (has(m, "active", &v))
				sample(o, &f_mact, v, "lag", lag, "member", md,
				       NULL);
			if (has(m, "carrier", &v))
				sample(o, &f_mcar, v, "lag", lag, "member", md,
				       NULL);
			if (has(m, "lacpdu_rx", &v))
				sample(o, &f_mlrx, v, "lag", lag, "member", md,
				       NULL);
			if (has(m, "lacpdu_tx", &v))
				sample(o, &f_mltx, v, "lag", lag, "member", md,
				       NULL);
			if (has(m, "lacpdu_bad", &v))
				sample(o, &f_mlbad, v, "lag", lag, "member", md,
				       NULL);
		}
	}
	json_object_put(vifs);
	json_object_put(bfd);
	json_object_put(lags);
}

void
dcvif_metrics_dcvifd(struct dcvif_metrics *o, json_object *n, json_object *s)
{
	/* control.c's names of the message counters, and the label values */
	static const char *const mkeys[] = { "open", "update", "notification",
		"keepalive", "refresh" };
	static const char *const mtypes[] = { "open", "update", "notification",
		"keepalive", "route_refresh" };
	json_object *x, *lim, *held, *m;
	size_t i, j;
	double v;

	if (n == NULL || s == NULL || !json_object_is_type(n, json_type_array)) {
		sample(o, &f_dup, 0, NULL);
		return;
	}
	sample(o, &f_dup, 1, NULL);
	for (i = 0; i < json_object_array_length(n); i++) {
		const char *nb, *as, *ifn;

		x = json_object_array_get_idx(n, i);
		nb = s_of(x, "neighbor");
		as = s_of(x, "remote_as");
		ifn = s_of(x, "interface");
		sample(o, &f_gest, strcmp(s_of(x, "state"), "Established") == 0,
		       "neighbor", nb, "remote_as", as, "interface", ifn, NULL);
		sample(o, &f_gst, 1, "neighbor", nb, "state", s_of(x, "state"),
		       NULL);
		if (has(x, "prefixes_received", &v))
			sample(o, &f_grx, v, "neighbor", nb, NULL);
		if (has(x, "prefixes_sent", &v))
			sample(o, &f_gtx, v, "neighbor", nb, NULL);
		if (has(x, "flaps", &v))
			sample(o, &f_gflap, v, "neighbor", nb, NULL);
		if (json_object_object_get_ex(x, "prefix_limit", &lim)) {
			if (has(lim, "out", &v))
				sample(o, &f_glim, v, "neighbor", nb, NULL);
			if (json_object_object_get_ex(lim, "held", &held)) {
				json_object_object_foreach(held, afi, hv)
					sample(o, &f_ghold,
					       json_object_get_double(hv),
					       "neighbor", nb, "afi", afi, NULL);
			}
		}
		if (json_object_object_get_ex(x, "messages_sent", &m))
			for (j = 0; j < sizeof(mtypes) / sizeof(mtypes[0]); j++)
				if (has(m, mkeys[j], &v))
					sample(o, &f_gmsgs, v, "neighbor", nb,
					       "type", mtypes[j], NULL);
		if (json_object_object_get_ex(x, "messages_received", &m))
			for (j = 0; j < sizeof(mtypes) / sizeof(mtypes[0]); j++)
				if (has(m, mkeys[j], &v))
					sample(o, &f_gmsgr, v, "neighbor", nb,
					       "type", mtypes[j], NULL);
	}
	if (has(s, "prefixes_ipv4", &v))
		sample(o, &f_rib, v, "afi", "ipv4", NULL);
	if (has(s, "prefixes_ipv6", &v))
		sample(o, &f_rib, v, "afi", "ipv6", NULL);
	if (has(s, "fib_routes", &v))
		sample(o, &f_fib, v, NULL);
	if (has(s, "fib_errors", &v))
		sample(o, &f_fibe, v, NULL);
}
