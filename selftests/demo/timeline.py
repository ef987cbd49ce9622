#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The demo's timeline: from what selftests/demo.sh collected in OUT, print
the events of the traffic's time with the packets lost in each step, and
draw it with gnuplot (OUT/timeline.svg).

  timeline.py OUT DCVIFD_LOG

OUT holds marks.txt (the demo's steps: "time<TAB>kind<TAB>text", kind start,
fail, recover or end), monitor.json (`dcvifctl -j monitor`), send.txt and
sink-aws1.txt, sink-aws2.txt (selftests/demo/traffic.py).
The picture's traffic trace counts packets by the time they were sent, in
steps of BIN; t = 0 is the stream's first packet. BGP state comes
from the monitor's "bgp" events when it has them, else from dcvifd's log.
"""
import datetime
import json
import os
import re
import subprocess
import sys

BIN = 0.25  # seconds per step of the picture's traffic trace
SINKS = (("aws1", "vif101"), ("aws2", "vif102"))
NEIGHBORS = {"169.254.101.1": "aws1", "169.254.102.1": "aws2"}


def iso(t):
    d = datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%S.%fZ")
    return d.replace(tzinfo=datetime.timezone.utc).timestamp()


def read_marks(out):
    marks = []
    with open(os.path.join(out, "marks.txt")) as f:
        for line in f:
            t, kind, text = line.rstrip("\n").split("\t", 2)
            marks.append((float(t), kind, text))
    return marks


def read_events(out, dcvifd_log):
    """(time, kind, key, state, text) of every event, in time order; kind:
    member, lag, carrier, bfd, bgp; state: True for the good one or a
    string."""
    ev = []
    have_bgp = False
    with open(os.path.join(out, "monitor.json")) as f:
        for line in f:
            try:
                e = json.loads(line)
                t = iso(e["time"])
            except (ValueError, KeyError):
                continue
            k = e.get("event")
            if k == "lag_member":
                ev.append((t, "member", "%s %s" % (e["dev"], e["member"]),
                           bool(e.get("active")),
                           "%s member %s active %s" % (
                               e["dev"], e["member"],
                               "on" if e.get("active") else
                               "off (%s)" % e.get("reason", "?"))))
            elif k == "lag_carrier":
                ev.append((t, "lag", e["dev"], bool(e.get("carrier")),
                           "%s carrier %s (%s members active, min-links %s)" % (
                               e["dev"], "on" if e.get("carrier") else "off",
                               e.get("active_members"), e.get("min_links"))))
            elif k == "carrier":
                r = e.get("carrier_reason")
                ev.append((t, "carrier", e["dev"], bool(e.get("carrier")),
                           "%s carrier %s%s" % (
                               e["dev"], "on" if e.get("carrier") else "off",
                               " (%s)" % r if r and r != "none" else "")))
            elif k == "bfd":
                ev.append((t, "bfd", e.get("dev"), e.get("state"),
                           "%s BFD %s %s -> %s (%s)" % (
                               e.get("dev"), e.get("peer"), e.get("old_state"),
                               e.get("state"), e.get("diag"))))
            elif k == "bgp":
                have_bgp = True
                n = e.get("neighbor")
                ev.append((t, "bgp", n, e.get("state"),
                           "BGP %s (%s) %s -> %s%s" % (
                               n, e.get("dev", NEIGHBORS.get(n, "?")),
                               e.get("old_state"), e.get("state"),
                               ", %s" % e["reason"] if e.get("reason") else "")))
    if not have_bgp and os.path.exists(dcvifd_log):
        sc = re.compile(r"^(\d+\.\d+) neighbor (\S+?)(?: \(.*\))?: "
                        r"state change (\S+) -> (\S+), reason: (.*)$")
        with open(dcvifd_log) as f:
            for line in f:
                m = sc.match(line.rstrip("\n"))
                if m:
                    t, n, old, new, why = m.groups()
                    ev.append((float(t), "bgp", n, new, "BGP %s (%s) %s -> %s, %s" % (
                        n, NEIGHBORS.get(n, "?"), old, new, why)))
    ev.sort(key=lambda x: x[0])
    return ev


def read_traffic(out):
    sent = {}
    with open(os.path.join(out, "send.txt")) as f:
        for line in f:
            s, t = line.split()
            sent[int(s)] = float(t)
    got = {}
    for ns, _ in SINKS:
        rx = []
        with open(os.path.join(out, "sink-%s.txt" % ns)) as f:
            for line in f:
                s, _, r = line.split()
                rx.append((int(s), float(r)))
        got[ns] = rx
    return sent, got


def lanes(events, t0):
    """Lane name -> [(t, good, label)], the state at t0 first."""
    names = [("member", "lag1 c11"), ("member", "lag1 c12"),
             ("member", "lag2 c21"), ("member", "lag2 c22"),
             ("carrier", "vif101"), ("carrier", "vif102"),
             ("bfd", "vif101"), ("bfd", "vif102"),
             ("bgp", "169.254.101.1"), ("bgp", "169.254.102.1")]
    lane = {}
    for kind, key in names:
        good = {"member": "active", "carrier": "carrier on", "bfd": "Up",
                "bgp": "Established"}[kind]
        lane[(kind, key)] = [(t0, True, good)]
    for t, kind, key, state, _ in events:
        if (kind, key) not in lane:
            continue
        if kind in ("member", "carrier"):
            g, label = state, ("active" if kind == "member" else "carrier on") \
                if state else "off"
        else:
            g = state in ("Up", "Established")
            label = state
            if not g and state not in ("Down", "AdminDown", "Idle"):
                g = None  # on the way up
        if t <= t0:
            lane[(kind, key)] = [(t0, g, label)]
        else:
            lane[(kind, key)].append((t, g, label))
    titles = {"member": "member %s", "carrier": "%s carrier",
              "bfd": "BFD %s", "bgp": "BGP %s"}
    res = []
    for kind, key in names:
        title = titles[kind] % key
        if kind == "bgp":
            title = "BGP %s (%s)" % (NEIGHBORS.get(key, "?"), key)
        res.append((title, lane[(kind, key)]))
    return res


def main():
    out, dcvifd_log = sys.argv[1], sys.argv[2]
    marks = read_marks(out)
    events = read_events(out, dcvifd_log)
    sent, got = read_traffic(out)
    # the stream's first packet, which a busy VM may send a while after
    # the sender was started
    t0 = max(marks[0][0], min(sent.values()) if sent else 0)
    marks[0] = (t0,) + marks[0][1:]
    t_end = marks[-1][0]
    received = set()
    for ns, _ in SINKS:
        received.update(s for s, _ in got[ns])
    lost = sorted(s for s in sent if s not in received)

    # --- the text ---------------------------------------------------------
    phases = []
    for i, (t, kind, text) in enumerate(marks):
        nxt = marks[i + 1][0] if i + 1 < len(marks) else float("inf")
        ls = [sent[s] for s in lost if t <= sent[s] < nxt]
        phases.append((t, kind, text, ls))
    rows = [(t, 0, "%s%s" % ("" if kind == "start" else "--- ", text),
             "%d lost" % len(ls) if kind != "end" else "")
            for t, kind, text, ls in phases]
    for t, kind, _, state, text in events:
        # BGP: into and out of Established; the steps between are in
        # the picture
        if kind == "bgp" and state != "Established" and "Established ->" not in text:
            continue
        if t0 <= t <= t_end:
            rows.append((t, 1, "      " + text, ""))
    rows.sort(key=lambda r: (r[0], r[1]))
    print("       t  event")
    for t, _, text, right in rows:
        print(("%8.3f  %-72s %s" % (t - t0, text, right)).rstrip())
    print()
    n_sent = len(sent)
    print("sent %d packets, received %d (%s), lost %d:" % (
        n_sent, len(received),
        ", ".join("%d via %s" % (len(got[ns]), vif) for ns, vif in SINKS),
        len(lost)))
    for t, kind, text, ls in phases:
        if kind == "fail":
            span = ""
            if ls and max(ls) - min(ls) < 0.0005:
                span = " (sent %.3f s after it)" % (ls[0] - t)
            elif ls:
                span = " (sent %.3f to %.3f s after it)" % (min(ls) - t, max(ls) - t)
            print("  %-28s %5d lost%s" % (text, len(ls), span))
    rec = sum(len(ls) for _, kind, _, ls in phases if kind in ("recover", "start"))
    print("  %-28s %5d lost" % ("steady state and recoveries", rec))

    # --- the picture ------------------------------------------------------
    nb = int((t_end - t0) / BIN) + 1
    rx = {ns: [0] * nb for ns, _ in SINKS}
    lb = [0] * nb
    def place(s):
        return int((sent[s] - t0) / BIN)
    for ns, _ in SINKS:
        for s, _ in got[ns]:
            b = place(s) if s in sent else -1
            if 0 <= b < nb:
                rx[ns][b] += 1
    for s in lost:
        b = place(s)
        if 0 <= b < nb:
            lb[b] += 1
    with open(os.path.join(out, "timeline.dat"), "w") as f:
        f.write("# t(s) via-vif101 via-vif102 lost, per %g s of the stream\n" % BIN)
        for b in range(nb):
            f.write("%.3f %d %d %d\n" % (b * BIN, rx["aws1"][b], rx["aws2"][b], lb[b]))
    # room for twice the mean; the bursts of a sender that a busy VM held
    # back are cut off rather than flattening the rest
    ymax = max(2.5 * len(sent) / max(t_end - t0, 1) * BIN, 4)
    xmax = t_end - t0
    colors = {True: "#2ca02c", False: "#d62728", None: "#f0b400"}
    gp = []
    gp.append('set terminal svg size 1280,800 dynamic enhanced font "sans,12" background rgb "white"')
    gp.append('set output "%s"' % os.path.join(out, "timeline.svg"))
    gp.append("set style textbox opaque noborder")
    gp.append("set multiplot")
    gp.append("set lmargin at screen 0.17; set rmargin at screen 0.97")
    gp.append("set xrange [0:%.3f]; set grid xtics lc rgb '#dddddd'" % xmax)
    for i, (t, kind, text, ls) in enumerate(phases):
        x = t - t0
        if kind == "start":
            continue
        gp.append("set arrow %d from %.3f, graph 0 to %.3f, graph 1 nohead dt 2 lc rgb '#555555'"
                  % (i + 1, x, x))
        if kind != "end":
            gp.append('set label %d "%s" at %.3f, graph 1.03 left rotate by 20 font ",10"'
                      % (i + 1, text, x))
        if kind == "fail":
            span = " in %.2f s" % (max(ls) - min(ls)) if ls and max(ls) - min(ls) >= 0.01 else ""
            gp.append('set label %d "%d lost%s" at %.3f, graph 0.75 left offset 0.5,0 tc rgb "#d62728" boxed front'
                      % (100 + i, len(ls), span, x))
    gp.append("set origin 0,0.5; set size 1,0.45")
    gp.append('set ylabel "packets per %d ms"' % (BIN * 1000))
    gp.append("set yrange [0:%.0f]; set format x ''" % ymax)
    gp.append("set key opaque top right horizontal font ',10'")
    gp.append('set title "dcvif demo: UDP %s packets/s over two VIFs (ECMP), a LAG member cut, an AWS router frozen, a 1500-byte hop (padded BFD)" offset 0,2.5'
              % marks[0][2].split()[2].rstrip(":"))
    dat = os.path.join(out, "timeline.dat")
    gp.append('plot "%s" u 1:2 w steps lw 1.5 lc rgb "#1f77b4" t "received via vif101 (aws1)", '
              '"" u 1:3 w steps lw 1.5 lc rgb "#ff7f0e" t "received via vif102 (aws2)", '
              '"" u 1:4 w boxes fs solid 0.7 lc rgb "#d62728" t "lost"' % dat)
    gp.append("unset title; unset label; unset key")
    ls_ = lanes(events, t0)
    n = len(ls_)
    ytics = []
    obj = 1
    for i, (title, seg) in enumerate(ls_):
        y = n - i
        ytics.append('"%s" %d' % (title, y))
        for j, (t, good, label) in enumerate(seg):
            t2 = seg[j + 1][0] if j + 1 < len(seg) else t_end
            x1, x2 = max(t, t0) - t0, min(t2, t_end) - t0
            if x2 <= x1:
                continue
            gp.append("set object %d rect from %.3f,%.2f to %.3f,%.2f fc rgb '%s' fs solid 0.85 noborder"
                      % (obj, x1, y - 0.35, x2, y + 0.35, colors[good]))
            obj += 1
            if x2 - x1 > xmax / 25:
                gp.append('set label %d "%s" at %.3f,%d left offset 0.3,0 font ",9" tc rgb "white" front'
                          % (obj, label, x1, y))
    gp.append("set origin 0,0.02; set size 1,0.5")
    gp.append("set ytics (%s) font ',10'" % ", ".join(ytics))
    gp.append("set yrange [0.4:%.1f]; unset ylabel; set format x '%%g'" % (n + 0.6))
    gp.append('set xlabel "seconds since the traffic started"')
    gp.append("plot NaN notitle")
    gp.append("unset multiplot")
    with open(os.path.join(out, "timeline.gp"), "w") as f:
        f.write("\n".join(gp) + "\n")
    # the same picture as PNG, for viewers without SVG
    gp[0] = 'set terminal pngcairo size 1400,880 enhanced font "sans,11" background rgb "white"'
    gp[1] = 'set output "%s"' % os.path.join(out, "timeline.png")
    with open(os.path.join(out, "timeline-png.gp"), "w") as f:
        f.write("\n".join(gp) + "\n")
    for g in ("timeline.gp", "timeline-png.gp"):
        r = subprocess.run(["gnuplot", os.path.join(out, g)],
                           stderr=subprocess.PIPE, text=True, check=False)
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
