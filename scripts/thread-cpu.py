#!/usr/bin/env python3
"""Samples a running Vigil JVM from the operating system, every 100 ms, into OUT/ticks.txt (Linux only).

usage: scripts/thread-cpu.py PID OUT

Each line: the wall-clock time in ms, the first eight counters of /proc/stat's cpu line (clock ticks), the cumulative
I/O pressure (some, full) and CPU pressure (some) in microseconds, then '|' and, for each thread that used CPU since
the last sample or is runnable (R) or in disk wait (D): tid:ticks:state:name:wait-channel. The wait channel is read
for the threads whose names start with 'bench-', 'vigil-tr' or 'kafka-producer' (the kernel truncates names to 15
characters). It reads /proc only: a jcmd per sample would start a JVM and stop this one at a safepoint, and both
show in the latency it is meant to explain (docs/BENCHMARKS.md, "The tail's seconds, seen by the operating system").
"""
import os
import sys
import time


def pressure(kind):
    fields = open(f'/proc/pressure/{kind}').read().split()
    return [fields[4].split('=')[1], fields[9].split('=')[1]] if kind == 'io' else [fields[4].split('=')[1]]


def main(pid, out):
    os.makedirs(out, exist_ok=True)
    seen = {}
    with open(os.path.join(out, 'ticks.txt'), 'w') as ticks:
        while os.path.exists(f'/proc/{pid}'):
            now = int(time.time() * 1000)
            cpu = open('/proc/stat').readline().split()[1:9] + pressure('io') + pressure('cpu')
            threads = []
            for tid in os.listdir(f'/proc/{pid}/task'):
                try:
                    stat = open(f'/proc/{pid}/task/{tid}/stat').read()
                except OSError:
                    continue
                end = stat.rfind(')')
                name = stat[stat.find('(') + 1:end].replace(' ', '_')
                rest = stat[end + 2:].split()
                used = int(rest[11]) + int(rest[12])
                delta = used - seen[tid] if tid in seen else 0
                seen[tid] = used
                wait = ''
                if name.startswith(('bench-', 'vigil-tr', 'kafka-producer')):
                    try:
                        wait = open(f'/proc/{pid}/task/{tid}/wchan').read().strip()
                    except OSError:
                        pass
                if delta or rest[0] in 'RD' or wait:
                    threads.append(f'{tid}:{delta}:{rest[0]}:{name}:{wait}')
            ticks.write(f'{now} {" ".join(cpu)} | {" ".join(threads)}\n')
            ticks.flush()
            time.sleep(max(0.0, 0.1 - (time.time() * 1000 - now) / 1000))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
