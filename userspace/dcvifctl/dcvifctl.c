// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifctl: talk to dcvifd's control socket.  Sends one command line,
 * reads one JSON document, prints it as text or (-j) as JSON.
 */
#include <errno.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "dcvif_ctl.h"
#include "kcmd.h"

#define DCVIFD_SOCKET	"/run/dcvifd.sock"

static void
usage(int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f,
	    "usage: dcvifctl [-j] [-s socket] command\n"
	    "commands:\n"
	    "  show neighbors\n"
	    "  show neighbor ADDRESS\n"
	    "  show routes [PREFIX]\n"
	    "  show summary\n"
	    "  show vifs             (with the kernel's view; dcvifd need not run)\n"
	    "  clear neighbor ADDRESS [soft]\n"
	    "  failover-test start VIF [peer ADDRESS] [minutes N]  (default 180,\n"
	    "             at most 4320: the VIF's BGP sessions down, as AWS's test)\n"
	    "  failover-test stop VIF\n"
	    "  failover-test history\n"
	    "  metrics [file PATH]   (Prometheus text: VIFs, BFD, LAGs, BGP)\n"
	    "  import-aws FILE|- [lower IFNAME | lower CONNECTION-ID=IFNAME]...\n"
	    "             [name-prefix PREFIX]   (vif blocks from aws directconnect\n"
	    "                                    describe-virtual-interfaces)\n");
	kcmd_usage(f);
	exit(status);
}

static const char *
str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return "";
	return json_object_get_string(v);
}

static void
print_neighbors(json_object *arr)
{
	size_t i;

	printf("%-39s %10s %-12s %8s %8s %8s\n", "Neighbor", "AS", "State",
	    "Up/Down", "PfxRcvd", "PfxSent");
	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *n = json_object_array_get_idx(arr, i);

		printf("%-39s %10s %-12s %8s %8s %8s\n", str(n, "neighbor"),
		    str(n, "remote_as"), str(n, "state"), str(n, "since"),
		    str(n, "prefixes_received"), str(n, "prefixes_sent"));
	}
}

static void
print_ftests(json_object *arr)
{
	size_t i;

	printf("%-4s %-15s %-10s %-20s %-20s %-20s %s\n", "ID", "VIF", "STATUS",
	    "START", "UNTIL", "END", "PEERS");
	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *t = json_object_array_get_idx(arr, i), *p;
		size_t j;

		printf("%-4s %-15s %-10s %-20s %-20s %-20s", str(t, "id"),
		    str(t, "vif"), str(t, "status"), str(t, "start"),
		    str(t, "until"), *str(t, "end") ? str(t, "end") : "-");
		if (json_object_object_get_ex(t, "peers", &p))
			for (j = 0; j < json_object_array_length(p); j++)
				printf("%s%s", j ? "," : " ",
				    json_object_get_string(
				    json_object_array_get_idx(p, j)));
		printf("\n");
	}
}

static void
print_object(json_object *o, int indent)
{
	json_object_object_foreach(o, key, val) {
		if (json_object_is_type(val, json_type_object)) {
			printf("%*s%s:\n", indent, "", key);
			print_object(val, indent + 2);
		} else {
			printf("%*s%s: %s\n", indent, "", key,
			    json_object_get_string(val));
		}
	}
}

static void
print_routes(json_object *arr)
{
	size_t i, j;

	printf("flags: * best, = multipath, F in FIB\n");
	printf("%-5s %-43s %-39s %s\n", "flags", "prefix", "nexthop",
	    "AS path");
	for (i = 0; i < json_object_array_length(arr); i++) {
		json_object *r = json_object_array_get_idx(arr, i), *paths;
		int fib = strcmp(str(r, "fib"), "true") == 0;

		if (!json_object_object_get_ex(r, "paths", &paths))
			continue;
		for (j = 0; j < json_object_array_length(paths); j++) {
			json_object *p = json_object_array_get_idx(paths, j);
			char flags[4] = "   ";

			if (strcmp(str(p, "best"), "true") == 0)
				flags[0] = '*';
			if (strcmp(str(p, "multipath"), "true") == 0)
				flags[1] = '=';
			if (fib && strcmp(str(p, "multipath"), "true") == 0)
				flags[2] = 'F';
			printf("%-5s %-43s %-39s %s %s\n", flags,
			    str(r, "prefix"), p && *str(p, "nexthop") ?
			    str(p, "nexthop") : "self", str(p, "as_path"),
			    str(p, "origin")[0] == 'i' ? "i" :
			    str(p, "origin")[0] == 'e' ? "e" : "?");
		}
	}
}

const char *kcmd_socket = DCVIFD_SOCKET;

static int
ctl_connect_path(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, e;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/*
 * A connected stream socket to dcvifd, or -1 with why in err.  Not
 * allowed on the control socket (not root, not in the control-group): the
 * restricted socket beside it, where dcvifd refuses what would change
 * state and says so.
 */
int
ctl_connect(char *err, size_t errlen)
{
	char rpath[108];
	int fd, e;

	if ((fd = ctl_connect_path(kcmd_socket)) != -1)
		return fd;
	e = errno;
	if (e == EACCES && dcvif_ctl_restricted_path(kcmd_socket, rpath,
	    sizeof(rpath)) == 0 && (fd = ctl_connect_path(rpath)) != -1)
		return fd;
	snprintf(err, errlen, "connect %s: %s", kcmd_socket, strerror(e));
	return -1;
}

/* one command line to dcvifd, its JSON answer; NULL with why in err */
json_object *
ctl_query(const char *cmd, char *err, size_t errlen)
{
	char *buf = NULL, *nb;
	size_t len = 0, size = 0;
	json_object *o;
	ssize_t n;
	int fd, werr = 0;

	if ((fd = ctl_connect(err, errlen)) == -1)
		return NULL;
	/*
	 * dcvifd may have answered and closed already (too many clients):
	 * a failed write is reported only if no answer can be read.
	 */
	signal(SIGPIPE, SIG_IGN);
	if (write(fd, cmd, strlen(cmd)) != (ssize_t)strlen(cmd))
		werr = errno ? errno : EIO;
	for (;;) {
		if (len + 65536 > size) {
			size = size ? size * 2 : 131072;
			if ((nb = realloc(buf, size)) == NULL) {
				snprintf(err, errlen, "out of memory");
				free(buf);
				close(fd);
				return NULL;
			}
			buf = nb;
		}
		n = read(fd, buf + len, size - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if ((buf == NULL || len == 0) && werr) {
		snprintf(err, errlen, "write: %s", strerror(werr));
		free(buf);
		return NULL;
	}
	if (buf == NULL || len == 0) {
		snprintf(err, errlen, "no answer from dcvifd");
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	o = json_tokener_parse(buf);
	free(buf);
	if (o == NULL)
		snprintf(err, errlen, "bad answer from dcvifd");
	return o;
}

int
main(int argc, char *argv[])
{
	char cmd[512] = "", errb[256];
	json_object *o, *err;
	int ch, json = 0, i;

	while ((ch = getopt(argc, argv, "js:")) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 's':
			kcmd_socket = optarg;
			break;
		default:
			usage(2);
		}
	}
	if (optind == argc)
		usage(2);
	if (strcmp(argv[optind], "help") == 0)
		usage(0);
	if (strcmp(argv[optind], "import-aws") == 0)
		return import_aws_main(argc - optind, argv + optind);
	/* bfd, vif, monitor: the kernel module's; dcvifd need not run */
	if ((i = kcmd_main(argc - optind, argv + optind, json)) >= 0)
		return i;
	for (i = optind; i < argc; i++) {
		if (strlen(cmd) + strlen(argv[i]) + 2 >= sizeof(cmd))
			usage(2);
		strcat(cmd, argv[i]);
		strcat(cmd, i + 1 < argc ? " " : "\n");
	}
	if ((o = ctl_query(cmd, errb, sizeof(errb))) == NULL) {
		fprintf(stderr, "dcvifctl: %s\n", errb);
		return 1;
	}
	if (json_object_is_type(o, json_type_object) &&
	    json_object_object_get_ex(o, "error", &err)) {
		fprintf(stderr, "dcvifctl: %s\n", json_object_get_string(err));
		json_object_put(o);
		return 1;
	}
	if (json) {
		printf("%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	} else if (strncmp(cmd, "show neighbors", 14) == 0) {
		print_neighbors(o);
	} else if (strncmp(cmd, "show routes", 11) == 0) {
		print_routes(o);
	} else if (strncmp(cmd, "failover-test history", 21) == 0) {
		print_ftests(o);
	} else {
		print_object(o, 0);
	}
	json_object_put(o);
	return 0;
}
