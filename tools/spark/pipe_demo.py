#!/usr/bin/env python3
"""Run `negah batch -` as a PySpark `RDD.pipe` stage and check it against one process.

    python3 tools/spark/pipe_demo.py ARTICLE_DIR [--negah target/release/negah]
                                     [--partitions 8] [--master local[*]] [--limit N]

Reads every file of ARTICLE_DIR as one record {"id": file name, "text": …}, runs
`negah batch --compact -` once over all of them in one process (every core), then the same
records through Spark in local mode (one `negah batch --threads 1 -` per partition, Spark
running the partitions on every core), and checks that the two outputs are the same line for
line, byte for byte, in the same order. Prints the throughput of both (MB of article text per
second of wall time).

Exit status: 0 when the outputs are equal, or when ARTICLE_DIR or pyspark is missing (a note
says so: the demo is optional); 1 when they differ. See docs/batch.md.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def read_records(directory, limit):
    """One JSON line per article file, in name order; files that are not UTF-8 are left out
    (and counted): `negah batch FILE` would give them an error record, not Spark's concern."""
    lines, text_bytes, skipped = [], 0, 0
    for name in sorted(os.listdir(directory))[: limit or None]:
        with open(os.path.join(directory, name), "rb") as f:
            raw = f.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            skipped += 1
            continue
        text_bytes += len(raw)
        # ensure_ascii=False: Persian letters, and any U+2028 in a text, travel raw, as most
        # JSONL archives carry them; only "\n" frames records.
        lines.append(json.dumps({"id": name, "text": text}, ensure_ascii=False))
    return lines, text_bytes, skipped


def single_process(negah, lines):
    t = time.time()
    run = subprocess.run(
        [negah, "batch", "--compact", "-"],
        input=("\n".join(lines) + "\n").encode("utf-8"),
        capture_output=True,
    )
    secs = time.time() - t
    out = run.stdout.decode("utf-8").split("\n")
    assert out[-1] == "", "the output ends with a newline"
    return out[:-1], secs, run.stderr.decode("utf-8").strip()


def through_spark(negah, lines, master, partitions):
    from pyspark import SparkConf, SparkContext

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode: no network needed
    conf = (
        SparkConf()
        .setMaster(master)
        .setAppName("negah-pipe-demo")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.driver.memory", "2g")
    )
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        rdd = sc.parallelize(lines, partitions).cache()
        rdd.count()  # the records are in Spark before the clock starts
        t = time.time()
        # RDD.pipe starts the command with an empty environment: give it an absolute path.
        out = rdd.pipe(f"{negah} batch --compact --threads 1 -").collect()
        secs = time.time() - t
    finally:
        sc.stop()
    return out, secs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles")
    ap.add_argument("--negah", default=os.path.join(ROOT, "target", "release", "negah"))
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--master", default="local[*]")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args()
    if not os.path.isdir(args.articles):
        print(f"spark-demo: skipped: {args.articles} is absent (the news of ../shared)")
        return 0
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print(
            "spark-demo: skipped: pyspark is not installed for this Python; see docs/batch.md "
            "(python3 -m venv /tmp/negah-spark && /tmp/negah-spark/bin/pip install pyspark)"
        )
        return 0
    negah = os.path.abspath(args.negah)
    lines, text_bytes, skipped = read_records(args.articles, args.limit)
    mb = text_bytes / 1e6
    note = f" ({skipped} files not UTF-8 left out)" if skipped else ""
    print(f"{len(lines)} records, {mb:.1f} MB of text{note}")

    single, single_s, summary = single_process(negah, lines)
    print(f"single process, all cores: {single_s:.1f} s, {mb / single_s:.2f} MB/s  [{summary}]")
    spark, spark_s = through_spark(negah, lines, args.master, args.partitions)
    print(
        f"spark {args.master}, {args.partitions} partitions: {spark_s:.1f} s, "
        f"{mb / spark_s:.2f} MB/s"
    )

    if not (len(lines) == len(single) == len(spark)):
        print(
            f"DIFFERENT: {len(lines)} records in, {len(single)} lines out of one process, "
            f"{len(spark)} out of Spark"
        )
        return 1
    differ = [i for i, (a, b) in enumerate(zip(single, spark)) if a != b]
    if differ:
        first = [json.loads(single[i]).get("id") for i in differ[:5]]
        print(f"DIFFERENT: {len(differ)} records differ, first {first}")
        return 1
    results = [json.loads(line) for line in spark]
    if [r["id"] for r in results] != [json.loads(line)["id"] for line in lines]:
        print("DIFFERENT: the records came back out of order")
        return 1
    errors = sum("error" in r for r in results)
    print(f"same: all {len(lines)} records equal byte for byte, in input order ({errors} error records)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
