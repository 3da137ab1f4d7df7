namespace SparkTuner.Demo.Rest;

/// <summary>Final executor totals of one demo pod, taken from the same model that produces its metrics.</summary>
internal sealed record DemoRestExecutor(
    string Id,
    string HostPort,
    DateTimeOffset AddTime,
    int Cores,
    long MaxMemory,
    long MemoryUsed,
    int RddBlocks,
    long CompletedTasks,
    long TaskMs,
    long GcMs,
    long ShuffleRead,
    long ShuffleWrite,
    IReadOnlyList<KeyValuePair<string, long>> Peaks);

/// <summary>One modelled stage of the demo job.</summary>
internal sealed record DemoRestStage(
    int StageId,
    int JobId,
    string Name,
    string Description,
    int NumTasks,
    DateTimeOffset Submission,
    DateTimeOffset Completion,
    long RunMs,
    long CpuNs,
    long GcMs,
    long ShuffleRead,
    long ShuffleWrite,
    long MemorySpilled,
    long DiskSpilled,
    IReadOnlyList<int> RddIds);

/// <summary>One modelled job of the demo program.</summary>
internal sealed record DemoRestJob(int JobId, string Name, string Description, DateTimeOffset Submission, DateTimeOffset Completion, IReadOnlyList<int> StageIds, int NumTasks);

/// <summary>One modelled SQL execution.</summary>
internal sealed record DemoRestSql(long Id, string Description, DateTimeOffset Submission, long DurationMs, IReadOnlyList<int> JobIds, string Plan, IReadOnlyList<string> NodeNames);

/// <summary>One cached RDD (storage/rdd).</summary>
internal sealed record DemoRestRdd(int Id, string Name, int NumPartitions, int NumCachedPartitions, string StorageLevel, long MemoryUsed, long DiskUsed);

/// <summary>Everything the demo REST API says about one application.</summary>
internal sealed record DemoRestApp(
    DemoRun Run,
    IReadOnlyList<DemoRestExecutor> Executors,
    IReadOnlyList<DemoRestJob> Jobs,
    IReadOnlyList<DemoRestStage> Stages,
    IReadOnlyList<DemoRestSql> Sql,
    IReadOnlyList<KeyValuePair<string, string>> SparkProperties,
    IReadOnlyList<DemoRestRdd> Rdds);

/// <summary>
/// Builds the REST side of one demo run from the demo model (<see cref="PodModel"/>): executors' totals are the model's
/// values at the run end, stage metrics are the model's task/GC/shuffle growth inside each stage's time window.
/// </summary>
internal static class DemoRestModelBuilder
{
    private const string Script = "/opt/spark/work-dir/cartesian.py";
    private const string ReadOnceScript = "/opt/spark/work-dir/readonce.py";

    public static DemoRestApp Build(DemoOptions options, DemoRun run)
    {
        var p = run.Phases;
        long ws = p[1].Start.ToUnixTimeMilliseconds(), g = p[1].End.ToUnixTimeMilliseconds();
        long s = p[2].End.ToUnixTimeMilliseconds(), c = p[3].End.ToUnixTimeMilliseconds();
        long mid = ws + (g - ws) / 2;
        long mapEnd = g + (long)((s - g) * 0.65);
        long countEnd = c - Math.Max(200, (c - s) / 100);
        int slots = run.Executors * run.CoresPerExecutor;
        int inputPartitions = 2 * slots;
        bool cached = run.IsCached;
        bool readOnce = run.Workload == DemoWorkload.ReadOnce;
        // Stage windows (unix ms) and names; the last cartesian stage is the tiny final count. A stage that reads a cached
        // RDD lists it among its RDDs, as Spark does (df1 is RDD 2, df2 RDD 5 in the cached variant).
        var windows = readOnce
            ? new (long From, long To, int Job, string Name, string Description, int Tasks, int[] Rdds)[]
            {
                // Read once: the groupBy's map stage computes df (and in the cached variant writes it to storage); nothing reads it again.
                (ws, g, 0, $"collect at {ReadOnceScript}:14", "df.groupBy(\"A\").agg(max(\"B\"), sum(\"C\")).collect()", inputPartitions, cached ? [0, 1, 2] : [0, 1]),
                (g, s, 0, $"collect at {ReadOnceScript}:14", "df.groupBy(\"A\").agg(max(\"B\"), sum(\"C\")).collect()", slots, [3, 4]),
                (s, countEnd, 1, $"parquet at {ReadOnceScript}:16", "result.write.parquet(out)", slots, [5, 6]),
                (countEnd, c, 1, $"parquet at {ReadOnceScript}:16", "result.write.parquet(out)", 1, [7]),
            }
            : new (long From, long To, int Job, string Name, string Description, int Tasks, int[] Rdds)[]
            {
                (ws, mid, 0, $"count at {Script}:24", "df1.count()", inputPartitions, cached ? [0, 1, 2] : [0, 1]),
                (mid, g, 1, $"count at {Script}:25", "df2.count()", inputPartitions, cached ? [3, 4, 5] : [3, 4]),
                (g, mapEnd, 2, $"collect at {Script}:28", "df1.groupBy(\"A\").agg(max(\"B\"), sum(\"C\")).collect()", inputPartitions, cached ? [2, 6, 7] : [6, 7]),
                (mapEnd, s, 2, $"collect at {Script}:28", "df1.groupBy(\"A\").agg(max(\"B\"), sum(\"C\")).collect()", slots, [8, 9]),
                (s, countEnd, 3, $"count at {Script}:31", "df1.crossJoin(df2).count()", inputPartitions * inputPartitions, cached ? [2, 5, 10, 11, 12] : [10, 11, 12]),
                (countEnd, c, 3, $"count at {Script}:31", "df1.crossJoin(df2).count()", 1, [13]),
            };
        int mapStage = readOnce ? 0 : 2, reduceStage = readOnce ? 1 : 3;
        var run0 = new double[windows.Length];
        var gc = new double[windows.Length];
        double shuffleWrite = 0, shuffleRead = 0;
        var executors = new List<DemoRestExecutor>();
        for (int i = 0; i < run.Pods.Count; i++)
        {
            var pod = run.Pods[i];
            var model = new PodModel(options, run, i);
            long end = run.End.ToUnixTimeMilliseconds();
            double lastTask = 0, lastGc = 0;
            for (long t = pod.Start.ToUnixTimeMilliseconds(); ; t = Math.Min(end, t + 500))
            {
                model.Step(t);
                if (i > 0)
                {
                    int w = Array.FindIndex(windows, x => t > x.From && t <= x.To);
                    if (w >= 0)
                    {
                        run0[w] += model.S.TaskSeconds - lastTask;
                        gc[w] += model.S.GcSeconds - lastGc;
                    }
                }
                lastTask = model.S.TaskSeconds;
                lastGc = model.S.GcSeconds;
                if (t >= end) break;
            }
            var st = model.S;
            shuffleWrite += st.ShuffleWrite;
            shuffleRead += st.ShuffleRead;
            executors.Add(new DemoRestExecutor(
                pod.ExecutorId ?? "driver",
                $"{pod.Ip}:{(i == 0 ? 7079 : 7078)}",
                pod.Registered,
                i == 0 ? 0 : run.CoresPerExecutor,
                (long)model.MaxMemory,
                (long)st.Storage,
                st.RddBlocks,
                i == 0 ? 0 : st.CompletedTasks,
                i == 0 ? 0 : (long)Math.Round(st.TaskSeconds * 1000),
                i == 0 ? 0 : (long)Math.Round(st.GcSeconds * 1000),
                (long)st.ShuffleRead,
                (long)st.ShuffleWrite,
                [
                    new("JVMHeapMemory", (long)st.PeakHeap), new("JVMOffHeapMemory", (long)st.PeakOffHeap),
                    new("OnHeapExecutionMemory", (long)st.PeakExecution), new("OffHeapExecutionMemory", 0),
                    new("OnHeapStorageMemory", (long)st.PeakStorage), new("OffHeapStorageMemory", 0),
                    new("OnHeapUnifiedMemory", (long)st.PeakUnified), new("OffHeapUnifiedMemory", 0),
                    new("DirectPoolMemory", (long)st.PeakDirect), new("MappedPoolMemory", 0),
                    new("ProcessTreeJVMVMemory", 0), new("ProcessTreeJVMRSSMemory", 0), new("ProcessTreePythonVMemory", 0),
                    new("ProcessTreePythonRSSMemory", 0), new("ProcessTreeOtherVMemory", 0), new("ProcessTreeOtherRSSMemory", 0),
                    new("MinorGCCount", st.MinorGcCount), new("MinorGCTime", (long)Math.Round(st.MinorGcSeconds * 1000)),
                    new("MajorGCCount", st.MajorGcCount), new("MajorGCTime", (long)Math.Round(st.MajorGcSeconds * 1000)),
                    new("TotalGCTime", (long)Math.Round(st.GcSeconds * 1000)),
                ]));
        }

        var stages = new List<DemoRestStage>();
        for (int w = 0; w < windows.Length; w++)
        {
            var x = windows[w];
            long runMs = (long)Math.Round(run0[w] * 1000);
            long gcMs = (long)Math.Round(gc[w] * 1000);
            long write = w == mapStage ? (long)shuffleWrite : 0;
            long read = w == reduceStage ? (long)shuffleRead : 0;
            long spill = !run.ReusesCache && !readOnce && w == reduceStage ? (long)(shuffleRead * 0.08) : 0;
            stages.Add(new DemoRestStage(w, x.Job, x.Name, x.Description, x.Tasks,
                DemoGenerator.Ms(x.From), DemoGenerator.Ms(x.To), runMs, (long)Math.Round(Math.Max(0, runMs - gcMs) * 0.93 * 1_000_000),
                gcMs, read, write, spill, spill / 3, x.Rdds));
        }

        var jobs = stages.GroupBy(st => st.JobId).Select(js => new DemoRestJob(
            js.Key, js.Last().Name, js.First().Description, js.Min(st => st.Submission), js.Max(st => st.Completion),
            js.Select(st => st.StageId).ToList(), js.Sum(st => st.NumTasks))).ToList();

        var sql = readOnce
            ? new List<DemoRestSql>
            {
                Sql(0, jobs[0], [jobs[0].JobId], GroupByPlan(cached)),
                Sql(1, jobs[1], [jobs[1].JobId], WritePlan()),
            }
            : new List<DemoRestSql>
            {
                Sql(0, jobs[0], [jobs[0].JobId], InputPlan("A#0L, B#1L, C#2L", cached)),
                Sql(1, jobs[1], [jobs[1].JobId], InputPlan("D#6L, E#7L", cached)),
                Sql(2, jobs[2], [jobs[2].JobId], GroupByPlan(cached)),
                Sql(3, jobs[3], [jobs[3].JobId], CartesianPlan(cached)),
            };

        var rdds = new List<DemoRestRdd>();
        if (cached && readOnce)
        {
            long total = executors.Sum(e => e.Id == "driver" ? 0 : e.MemoryUsed);
            rdds.Add(new DemoRestRdd(2, "*(1) Scan ExistingRDD[A#0L,B#1L,C#2L]", inputPartitions, inputPartitions, "Disk Memory Deserialized 1x Replicated", total, 0));
        }
        else if (cached)
        {
            long total = executors.Sum(e => e.Id == "driver" ? 0 : e.MemoryUsed);
            long df1 = (long)(total * 0.6);
            rdds.Add(new DemoRestRdd(2, "*(1) Scan ExistingRDD[A#0L,B#1L,C#2L]", inputPartitions, inputPartitions, "Disk Memory Deserialized 1x Replicated", df1, 0));
            rdds.Add(new DemoRestRdd(5, "*(1) Scan ExistingRDD[D#6L,E#7L]", inputPartitions, inputPartitions, "Disk Memory Deserialized 1x Replicated", total - df1, 0));
        }

        return new DemoRestApp(run, executors, jobs, stages, sql, Properties(options, run, slots), rdds);
    }

    private static DemoRestSql Sql(long id, DemoRestJob job, IReadOnlyList<int> jobIds, string plan) =>
        new(id, job.Name, job.Submission, (long)(job.Completion - job.Submission).TotalMilliseconds, jobIds, plan,
            PlanDiffNodeNames(plan));

    private static IReadOnlyList<string> PlanDiffNodeNames(string plan) => SparkTuner.Core.Spark.PlanDiff.NodeNames(plan);

    private static string Scan(string columns) => $"*(1) Scan ExistingRDD[{columns.Replace(" ", "", StringComparison.Ordinal)}]";

    /// <summary>The input of a plan: the generated data, behind an in-memory table in the cached variant.</summary>
    private static string Source(string columns, string lead, string cont, bool cached) => cached
        ? lead + $"InMemoryTableScan [{columns}]\n"
          + cont + $"      +- InMemoryRelation [{columns}], StorageLevel(disk, memory, deserialized, 1 replicas)\n"
          + cont + "            +- " + Scan(columns) + "\n"
        : lead + Scan(columns) + "\n";

    private static string InputPlan(string columns, bool cached) =>
        "== Physical Plan ==\n"
        + "AdaptiveSparkPlan isFinalPlan=true\n"
        + "+- == Final Plan ==\n"
        + "   *(2) HashAggregate(keys=[], functions=[count(1)])\n"
        + "   +- ShuffleQueryStage 0\n"
        + "      +- Exchange SinglePartition, ENSURE_REQUIREMENTS, [plan_id=21]\n"
        + "         +- *(1) HashAggregate(keys=[], functions=[partial_count(1)])\n"
        + "            +- *(1) Project\n"
        + Source(columns, "               +- ", "               ", cached)
        + "\n";

    private static string GroupByPlan(bool cached) =>
        "== Physical Plan ==\n"
        + "AdaptiveSparkPlan isFinalPlan=true\n"
        + "+- == Final Plan ==\n"
        + "   *(2) HashAggregate(keys=[A#0L], functions=[max(B#1L), sum(C#2L)])\n"
        + "   +- AQEShuffleRead coalesced\n"
        + "      +- ShuffleQueryStage 0\n"
        + "         +- Exchange hashpartitioning(A#0L, 16), ENSURE_REQUIREMENTS, [plan_id=48]\n"
        + "            +- *(1) HashAggregate(keys=[A#0L], functions=[partial_max(B#1L), partial_sum(C#2L)])\n"
        + Source("A#0L, B#1L, C#2L", "               +- ", "               ", cached)
        + "\n";

    private static string WritePlan() =>
        "== Physical Plan ==\n"
        + "Execute InsertIntoHadoopFsRelationCommand file:/tmp/out, false, Parquet, [path=/tmp/out], Overwrite, [A, max(B), sum(C)]\n"
        + "+- WriteFiles\n"
        + "   +- LocalTableScan [A#0L, max(B)#20L, sum(C)#21L]\n"
        + "\n";

    private static string CartesianPlan(bool cached) =>
        "== Physical Plan ==\n"
        + "AdaptiveSparkPlan isFinalPlan=true\n"
        + "+- == Final Plan ==\n"
        + "   *(3) HashAggregate(keys=[], functions=[count(1)])\n"
        + "   +- ShuffleQueryStage 0\n"
        + "      +- Exchange SinglePartition, ENSURE_REQUIREMENTS, [plan_id=77]\n"
        + "         +- *(2) HashAggregate(keys=[], functions=[partial_count(1)])\n"
        + "            +- *(2) Project\n"
        + "               +- CartesianProduct\n"
        + "                  :- *(1) Project [A#0L]\n"
        + Source("A#0L, B#1L, C#2L", "                  :  +- ", "                  :  ", cached)
        + "                  +- *(1) Project [D#6L]\n"
        + Source("D#6L, E#7L", "                     +- ", "                     ", cached)
        + "\n";

    private static List<KeyValuePair<string, string>> Properties(DemoOptions o, DemoRun run, int slots)
    {
        string Mem(long bytes) => bytes % DemoOptions.GiB == 0 ? $"{bytes / DemoOptions.GiB}g" : $"{bytes / (1024 * 1024)}m";
        var list = new List<KeyValuePair<string, string>>
        {
            new("spark.app.id", run.AppId),
            new("spark.app.name", run.Name),
            new("spark.app.startTime", run.Start.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("spark.app.submitTime", (run.Start.ToUnixTimeMilliseconds() - 1500).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("spark.driver.host", run.Driver.Ip),
            new("spark.driver.port", "7078"),
            new("spark.driver.memory", "1g"),
            new("spark.executor.cores", run.CoresPerExecutor.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("spark.executor.id", "driver"),
            new("spark.executor.instances", run.Executors.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("spark.executor.memory", Mem(o.ExecutorMemoryBytes)),
            new("spark.kubernetes.container.image", DemoDataset.Image),
            new("spark.kubernetes.driver.pod.name", run.Driver.Name),
            new("spark.kubernetes.executor.podNamePrefix", run.KubernetesAppName),
            new("spark.kubernetes.namespace", run.Namespace),
            new("spark.master", "k8s://https://kubernetes.default.svc:443"),
            new("spark.memory.fraction", "0.6"),
            new("spark.memory.storageFraction", "0.5"),
            new("spark.metrics.namespace", "${spark.app.name}"),
            new("spark.serializer", "org.apache.spark.serializer.KryoSerializer"),
            new("spark.sql.adaptive.enabled", "true"),
            new("spark.sql.shuffle.partitions", (2 * slots).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("spark.submit.deployMode", "cluster"),
            new("spark.ui.prometheus.enabled", "true"),
        };
        if (run.IsCached)
        {
            list.Add(new("spark.sql.inMemoryColumnarStorage.compressed", "true"));
            list.Add(new("spark.sql.inMemoryColumnarStorage.batchSize", "10000"));
        }
        return list.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
    }
}
