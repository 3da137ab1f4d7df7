#!/usr/bin/env python3
"""The talk's experiment: the same PySpark job without and with DataFrame.cache() (Python 3, Spark 3.5 and 4.x).

Two DataFrames of NROW rows x 4 normally distributed columns; groupBy("A").agg(max("B"), sum("C")) on the first,
then count() of their cross join. The "cached" variant caches both inputs, so the second action reads them from
memory instead of generating them again. The application is named cartesian-<rows>-<variant> (cartesian-200k-cached),
the name SparkTuner's default variant rule (-(?<variant>noncached|cached|...)$) pairs, and the name the demo data uses.

    spark-submit cartesian_job.py --variant noncached|cached [--nrow 200000] [--partitions 100]

Ported from the talk's demo scripts (Python 2, Spark 2.3: RandomRDDs.normalVectorRDD mapped to Rows): the inputs are
now made with spark.range() and randn(seed), which needs no Python worker per row and gives the same numbers when a
non-cached input is computed again.
"""
import argparse
import sys

VARIANTS = ("noncached", "cached")


def row_label(nrow):
    """200000 -> '200k', 2000000 -> '2m' (as the demo data names its runs)."""
    if nrow % 1_000_000 == 0:
        return f"{nrow // 1_000_000}m"
    if nrow % 1000 == 0:
        return f"{nrow // 1000}k"
    return str(nrow)


def app_name(nrow, variant):
    """The application name: cartesian-<rows>-<variant>."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {', '.join(VARIANTS)} (got {variant!r})")
    return f"cartesian-{row_label(nrow)}-{variant}"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=VARIANTS, required=True, help="cache both inputs or not")
    parser.add_argument("--nrow", type=int, default=200_000, help="rows per input DataFrame (default 200000)")
    parser.add_argument("--partitions", type=int, default=100, help="partitions per input (default 100)")
    args = parser.parse_args(argv)
    if args.nrow < 1 or args.partitions < 1:
        parser.error("--nrow and --partitions must be positive")
    return args


def normal_columns(spark, nrow, partitions, seed, names):
    """nrow rows of len(names) independent N(0, 1) columns."""
    from pyspark.sql import functions as F

    return spark.range(0, nrow, numPartitions=partitions).select(
        *[F.randn(seed * 100 + i).alias(name) for i, name in enumerate(names)]
    )


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Imported here so that app_name() can be used (and tested) without Spark installed.
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = SparkSession.builder.appName(app_name(args.nrow, args.variant)).getOrCreate()
    try:
        df1 = normal_columns(spark, args.nrow, args.partitions, 5, ["A", "B", "C", "D"])
        df2 = normal_columns(spark, args.nrow, args.partitions, 3, ["E", "F", "G", "H"])
        if args.variant == "cached":
            df1 = df1.cache()
            df2 = df2.cache()

        results = df1.groupBy("A").agg(F.max("B"), F.sum("C"))
        results.show(n=20)
        print(f"rows in the cross join: {df1.crossJoin(df2).count()}")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
