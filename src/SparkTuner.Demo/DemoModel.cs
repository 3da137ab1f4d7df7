namespace SparkTuner.Demo;

/// <summary>Model state of one pod (driver or executor) at one timestamp: instantaneous values, running totals and peaks.</summary>
internal struct PodState
{
    public const double MiB = 1024.0 * 1024.0;

    // instantaneous
    public double Util;
    public int ActiveTasks;
    public double CpuRate;
    public double Storage;
    public double Execution;
    public double Heap;
    public double OffHeap;
    public double Direct;
    public int RddBlocks;
    public long TotalTasks; // started tasks: completed + active, never decreasing (Spark counts at task start)
    public double WorkingSet;

    // running totals
    public double TaskSeconds;
    public double GcSeconds;
    public double CpuSeconds;
    public double ShuffleRead;
    public double ShuffleWrite;
    public double NetRx;
    public double NetTx;

    // peaks since start
    public double PeakHeap;
    public double PeakOffHeap;
    public double PeakExecution;
    public double PeakStorage;
    public double PeakUnified;
    public double PeakDirect;

    public readonly long CompletedTasks => (long)(TaskSeconds / 2.6);
    public readonly double MinorGcSeconds => GcSeconds * 0.85;
    public readonly double MajorGcSeconds => GcSeconds * 0.15;
    public readonly long MinorGcCount => (long)(MinorGcSeconds / 0.025);
    public readonly long MajorGcCount => (long)(MajorGcSeconds / 0.35);
}

/// <summary>
/// Deterministic model of one pod of a run, advanced tick by tick (O(1) memory). Noise depends only on
/// (seed, run, pod, time), so every family that walks the same timestamps sees the same values.
/// </summary>
internal sealed class PodModel
{
    private readonly long _seed;
    private readonly int _run;
    private readonly int _pod; // 0 = driver
    private readonly bool _cached;
    private readonly bool _reuses; // later stages read the cache (cartesian); a read-once run only pays for it
    private readonly int _cores;
    private readonly int _executors;
    private readonly long _podStart;
    private readonly long _registered;
    private readonly long _workStart;
    private readonly long _generateEnd;
    private readonly long _shuffleEnd;
    private readonly long _cartesianEnd;
    private readonly double _speed;
    private readonly double _storageTarget;
    private readonly double _shuffleBytes;
    private readonly double _shuffleReadBytes;
    private readonly double _churnOffset;
    private readonly double _scale;
    private long _last;
    public PodState S;

    public PodModel(DemoOptions o, DemoRun run, int pod)
    {
        _seed = o.Seed;
        _run = run.Index;
        _pod = pod;
        _cached = run.IsCached;
        _reuses = run.ReusesCache;
        _cores = run.CoresPerExecutor;
        _executors = run.Executors;
        var p = run.Pods[pod];
        _podStart = p.Start.ToUnixTimeMilliseconds();
        _registered = p.Registered.ToUnixTimeMilliseconds();
        _workStart = run.Phases[1].Start.ToUnixTimeMilliseconds();
        _generateEnd = run.Phases[1].End.ToUnixTimeMilliseconds();
        _shuffleEnd = run.Phases[2].End.ToUnixTimeMilliseconds();
        _cartesianEnd = run.Phases[3].End.ToUnixTimeMilliseconds();
        _speed = 1 + 0.03 * DemoNoise.G(_seed, 101, _run, pod);
        _scale = o.NRow / 200_000.0;
        HeapMax = pod == 0 ? DriverMemory * 0.955 : o.ExecutorMemoryBytes * 0.955;
        MaxMemory = Math.Floor((HeapMax - 300 * PodState.MiB) * 0.6);
        PodMemoryLimit = (pod == 0 ? DriverMemory : o.ExecutorMemoryBytes) + Math.Max(384 * PodState.MiB, 0.1 * (pod == 0 ? DriverMemory : o.ExecutorMemoryBytes));
        double perExec = (1.0 + 0.5 * DemoNoise.U(_seed, 102, _run, pod)) * DemoOptions.GiB * _scale * 4.0 / _executors;
        _storageTarget = _cached && pod > 0 ? Math.Min(perExec, 0.7 * MaxMemory) : 0;
        _shuffleBytes = pod == 0 ? 0 : 6400.0 * o.NRow / _executors * (1 + 0.05 * DemoNoise.G(_seed, 103, _run, pod));
        _shuffleReadBytes = pod == 0 ? 0 : 6400.0 * o.NRow / _executors * (1 + 0.05 * DemoNoise.G(_seed, 104, _run, pod));
        _churnOffset = DemoNoise.U(_seed, 105, _run, pod);
        _last = _podStart;
    }

    /// <summary>spark.driver.memory of the demo (1 GiB, Spark's default).</summary>
    public const double DriverMemory = DemoOptions.GiB;

    /// <summary>Runtime.maxMemory of the JVM.</summary>
    public double HeapMax { get; }

    /// <summary>Spark's unified (storage + execution) memory: (heap − 300 MiB) × 0.6.</summary>
    public double MaxMemory { get; }

    /// <summary>Pod memory limit: memory + overhead (max(384 MiB, 10 %)).</summary>
    public double PodMemoryLimit { get; }

    public bool IsDriver => _pod == 0;

    public int Cores => _cores;

    /// <summary>Advances to <paramref name="t"/> (unix ms, not before the previous call) and updates <see cref="S"/>.</summary>
    public void Step(long t)
    {
        double dt = Math.Max(0, t - _last) / 1000.0;
        _last = Math.Max(_last, t);
        double n1 = DemoNoise.G(_seed, 110, _run, _pod, t);
        double n2 = DemoNoise.G(_seed, 111, _run, _pod, t);
        if (_pod == 0) StepDriver(t, dt, n1, n2); else StepExecutor(t, dt, n1, n2);
        ref var s = ref S;
        s.PeakHeap = Math.Max(s.PeakHeap, s.Heap);
        s.PeakOffHeap = Math.Max(s.PeakOffHeap, s.OffHeap);
        s.PeakExecution = Math.Max(s.PeakExecution, s.Execution);
        s.PeakStorage = Math.Max(s.PeakStorage, s.Storage);
        s.PeakUnified = Math.Max(s.PeakUnified, s.Execution + s.Storage);
        s.PeakDirect = Math.Max(s.PeakDirect, s.Direct);
        s.WorkingSet = Math.Min(PodMemoryLimit * 0.97, s.PeakHeap * 0.98 + s.OffHeap + s.Direct + 150 * PodState.MiB);
    }

    private int Phase(long t) => t < _workStart ? 0 : t < _generateEnd ? 1 : t < _shuffleEnd ? 2 : t < _cartesianEnd ? 3 : 4;

    private static double Progress(long t, long a, long b) => b <= a ? 1 : Math.Clamp((t - a) / (double)(b - a), 0, 1);

    private void StepExecutor(long t, double dt, double n1, double n2)
    {
        ref var s = ref S;
        int phase = Phase(t);
        double util = phase switch
        {
            1 => 0.92,
            2 => 0.78,
            3 => _reuses ? 0.93 : 0.96,
            _ => 0,
        };
        util = Math.Clamp(util * (1 + 0.04 * n1), 0, 1);
        double gcFrac = phase switch
        {
            1 => _cached ? (_reuses ? 0.09 : 0.12) : 0.07,
            2 => _reuses ? 0.05 : 0.15,
            3 => _reuses ? 0.04 : 0.13,
            _ => 0.002,
        } * (1 + 0.1 * n2);
        double taskRate = _cores * util * _speed;
        s.Util = util;
        s.ActiveTasks = util <= 0 ? 0 : Math.Clamp((int)Math.Round(_cores * util), 1, _cores);
        s.TaskSeconds += taskRate * dt;
        s.GcSeconds += (taskRate * gcFrac + (t < _registered ? 0.01 : 0.002)) * dt;
        s.CpuRate = t < _registered ? 0.9 + 0.1 * n1 : Math.Max(0, taskRate * 0.93 + taskRate * gcFrac * 0.6 + 0.03 + 0.005 * n2);
        s.CpuSeconds += s.CpuRate * dt;
        s.TotalTasks = Math.Max(s.TotalTasks, s.CompletedTasks + s.ActiveTasks);

        // Storage (cached only): fills while generating, kept to the end.
        double pg = Progress(t, _workStart, _generateEnd);
        s.Storage = Math.Floor(_storageTarget * (phase == 0 ? 0 : phase == 1 ? pg : 1));
        int blocksPerExec = Math.Max(1, 2 * _cores * 4 / 2);
        s.RddBlocks = _cached ? (int)Math.Floor(blocksPerExec * (phase == 0 ? 0 : phase == 1 ? pg : 1)) : 0;

        // Shuffle: map side writes in the first 65 % of the groupBy phase, reducers read in the last 65 %.
        double ps = Progress(t, _generateEnd, _shuffleEnd);
        double prevRead = s.ShuffleRead, prevWrite = s.ShuffleWrite;
        s.ShuffleWrite = Math.Floor(_shuffleBytes * Math.Clamp(ps / 0.65, 0, 1));
        s.ShuffleRead = Math.Floor(_shuffleReadBytes * Math.Clamp((ps - 0.35) / 0.65, 0, 1));
        double remote = _executors > 1 ? (_executors - 1.0) / _executors : 0;
        double cartesianNet = phase == 3 && _executors > 1 ? (_reuses ? 7e6 : 18e6) * _scale * (1 + 0.1 * n2) : 0;
        s.NetRx += Math.Max(0, (s.ShuffleRead - prevRead) * remote * 1.03 + (cartesianNet + 4000) * dt);
        s.NetTx += Math.Max(0, (s.ShuffleWrite - prevWrite) * remote * 1.03 + (cartesianNet * 0.95 + 5000) * dt);

        s.Execution = phase switch
        {
            1 => 32 * PodState.MiB,
            2 => 0.18 * MaxMemory * Math.Min(1, ps / 0.2) * (0.9 + 0.2 * _churnOffset),
            3 => (_reuses ? 0.04 : 0.06) * MaxMemory,
            _ => 0,
        };
        s.Execution = Math.Floor(s.Execution);

        double since = (t - _podStart) / 1000.0;
        double young = 0.12 * HeapMax * (0.5 + util);
        double period = util <= 0 ? 60 : _reuses ? 9 : 6;
        double saw = (since / period + _churnOffset) % 1.0;
        s.Heap = Math.Floor(Math.Min(0.97 * HeapMax, 180 * PodState.MiB * Math.Min(1, since / 8 + 0.3) + s.Storage + 0.9 * s.Execution + young * saw));
        s.OffHeap = Math.Floor(60 * PodState.MiB + 45 * PodState.MiB * Math.Min(1, since / 30) + (phase == 2 ? 5 * PodState.MiB : 0));
        s.Direct = Math.Floor(8 * PodState.MiB + phase switch { 2 => 48, 3 => _reuses ? 24 : 32, _ => 0 } * PodState.MiB);
    }

    private void StepDriver(long t, double dt, double n1, double n2)
    {
        ref var s = ref S;
        int phase = Phase(t);
        double since = (t - _podStart) / 1000.0;
        bool working = phase is >= 1 and <= 3;
        s.CpuRate = since < 8 ? 1.2 + 0.1 * n1 : working ? 0.08 + 0.02 * _executors / 4.0 + 0.01 * n1 : 0.03 + 0.005 * n2;
        s.CpuRate = Math.Max(0, s.CpuRate);
        s.CpuSeconds += s.CpuRate * dt;
        s.GcSeconds += (since < 8 ? 0.03 : 0.004) * dt;
        s.Storage = phase >= 1 ? Math.Floor(0.2 * PodState.MiB) : 0; // broadcast pieces
        s.Execution = 0;
        double saw = (since / 20 + _churnOffset) % 1.0;
        s.Heap = Math.Floor(140 * PodState.MiB + (working ? 30.0 * PodState.MiB * Math.Max(1, _executors / 4.0) : 10 * PodState.MiB) + 80 * PodState.MiB * saw);
        s.Heap = Math.Min(s.Heap, Math.Floor(0.95 * HeapMax));
        s.OffHeap = Math.Floor(70 * PodState.MiB + 40 * PodState.MiB * Math.Min(1, since / 20));
        s.Direct = Math.Floor(4 * PodState.MiB + (working ? 2 * PodState.MiB : 0));
        s.NetRx += (working ? 40_000.0 * _executors / 4 : 3000) * dt;
        s.NetTx += (working ? 60_000.0 * _executors / 4 : 3000) * dt;
    }
}

/// <summary>The driver plus (optionally) every executor of a run, stepped together: what the driver's sources see.</summary>
internal sealed class ClusterModel
{
    private readonly PodModel[] _executors;
    private readonly long[] _podStart;
    private readonly long[] _registered;
    private readonly long _start;
    private readonly long[] _jobStarts;
    private readonly int[] _jobStages = [1, 1, 2, 1];
    private readonly long _shuffleStart;
    private readonly long _shuffleEnd;
    private readonly long _end;

    public ClusterModel(DemoOptions o, DemoRun run, bool withExecutors)
    {
        Driver = new PodModel(o, run, 0);
        int n = withExecutors ? run.Executors : 0;
        _executors = new PodModel[n];
        _podStart = new long[n];
        _registered = new long[n];
        for (int i = 0; i < n; i++)
        {
            _executors[i] = new PodModel(o, run, i + 1);
            _podStart[i] = run.Pods[i + 1].Start.ToUnixTimeMilliseconds();
            _registered[i] = run.Pods[i + 1].Registered.ToUnixTimeMilliseconds();
        }
        _start = run.Start.ToUnixTimeMilliseconds();
        long ws = run.Phases[1].Start.ToUnixTimeMilliseconds();
        long ge = run.Phases[1].End.ToUnixTimeMilliseconds();
        _shuffleStart = ge;
        _shuffleEnd = run.Phases[2].End.ToUnixTimeMilliseconds();
        _end = run.Phases[3].End.ToUnixTimeMilliseconds();
        _jobStarts = [ws, ws + (ge - ws) / 2, ge, _shuffleEnd];
    }

    public PodModel Driver { get; }

    /// <summary>The executors' models (empty without executors), executor i+1 at index i; stepped by <see cref="Step"/> once started.</summary>
    public IReadOnlyList<PodModel> Executors => _executors;

    public double MaxMem { get; private set; }
    public double MemUsed { get; private set; }
    public long CompletedTasks { get; private set; }
    public int AllJobs { get; private set; }
    public int ActiveJobs { get; private set; }
    public int RunningStages { get; private set; }
    public int WaitingStages { get; private set; }
    public int CompletedStages { get; private set; }
    public double EventsPosted { get; private set; }
    public double HeapCommitted => Math.Min(Math.Floor(Driver.HeapMax), Math.Ceiling(Driver.S.PeakHeap / (64 * PodState.MiB)) * 64 * PodState.MiB);

    public void Step(long t)
    {
        Driver.Step(t);
        double maxMem = Driver.MaxMemory, used = Driver.S.Storage, heartbeats = 0;
        long tasks = 0;
        int registered = 0;
        for (int i = 0; i < _executors.Length; i++)
        {
            if (t < _podStart[i]) continue;
            var e = _executors[i];
            e.Step(t);
            if (t >= _registered[i])
            {
                registered++;
                maxMem += e.MaxMemory;
                heartbeats += Math.Floor((t - _registered[i]) / 10_000.0);
            }
            used += e.S.Storage;
            tasks += e.S.CompletedTasks;
        }
        MaxMem = maxMem;
        MemUsed = used;
        CompletedTasks = tasks;
        int all = 0, completedStages = 0;
        for (int j = 0; j < _jobStarts.Length; j++)
        {
            if (t >= _jobStarts[j]) all++;
            long jobEnd = j + 1 < _jobStarts.Length ? _jobStarts[j + 1] : _end;
            if (t >= jobEnd) completedStages += _jobStages[j];
        }
        bool active = t >= _jobStarts[0] && t < _end;
        bool mapSide = t >= _shuffleStart && t < _shuffleStart + (long)((_shuffleEnd - _shuffleStart) * 0.65);
        if (t >= _shuffleStart && t < _shuffleEnd && !mapSide) completedStages++;
        AllJobs = all;
        ActiveJobs = active ? 1 : 0;
        RunningStages = active ? 1 : 0;
        WaitingStages = mapSide ? 1 : 0;
        CompletedStages = completedStages;
        EventsPosted = 12 + 3 * registered + 4 * all + 2 * completedStages + 2 * tasks + heartbeats + Math.Floor((t - _start) / 10_000.0);
    }
}
