#!/usr/bin/env bash
# The talk's experiment with spark-submit: RUNS runs of each variant, non-cached and cached in turn, each with the
# settings SparkTuner reads (the driver's /metrics/executors/prometheus and PrometheusServlet with the application's
# name as metrics namespace, the driver's JvmSource for the heap alert). Any master works:
#   SPARK_MASTER=local[4] examples/cartesian/spark-submit.sh
#   SPARK_MASTER=k8s://https://API:6443 SPARK_SUBMIT_EXTRA="--deploy-mode cluster --conf spark.kubernetes.container.image=apache/spark:3.5.1" …
# (in cluster mode the script must be reachable from the driver pod: an image that holds it, or a local:// path)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
master="${SPARK_MASTER:-local[4]}"
runs="${RUNS:-3}"
nrow="${NROW:-200000}"
read -r -a extra <<<"${SPARK_SUBMIT_EXTRA:-}"

metrics=(
  --conf spark.ui.prometheus.enabled=true
  --conf 'spark.metrics.conf.*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet'
  --conf 'spark.metrics.conf.*.sink.prometheusServlet.path=/metrics/prometheus'
  --conf 'spark.metrics.namespace=${spark.app.name}'
  --conf spark.metrics.conf.driver.source.jvm.class=org.apache.spark.metrics.source.JvmSource
  --conf spark.metrics.appStatusSource.enabled=true
)
resources=(--num-executors 4 --executor-cores 2 --executor-memory 4g --driver-memory 1g)

for ((i = 1; i <= runs; i++)); do
  spark-submit --master "$master" "${resources[@]}" "${metrics[@]}" "${extra[@]}" "$here/cartesian_job.py" --variant noncached --nrow "$nrow"
  spark-submit --master "$master" "${resources[@]}" "${metrics[@]}" "${extra[@]}" "$here/cartesian_job.py" --variant cached --nrow "$nrow"
done
