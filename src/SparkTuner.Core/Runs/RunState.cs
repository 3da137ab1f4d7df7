namespace SparkTuner.Core.Runs;

/// <summary>
/// Whether a run had finished when it was looked at. A <see cref="Running"/> run's duration and totals are values so
/// far, never final: comparisons flag its rows as partial and a CI gate does not pass on them.
/// </summary>
public enum RunState
{
    /// <summary>Finished: Spark's REST API says its attempt completed, or its last sample is older than two scrape intervals.</summary>
    Completed,

    /// <summary>
    /// Still running: Spark's REST API says its latest attempt is incomplete (<c>attempts[].completed = false</c>), or,
    /// without a REST answer, its last sample is within two scrape intervals of now (see <see cref="RunDiscovery"/>).
    /// </summary>
    Running,
}

/// <summary>The wire names of <see cref="RunState"/>.</summary>
public static class RunStates
{
    /// <summary><c>"running"</c> or <c>"completed"</c>: the value of <c>state</c> in <c>GET /api/runs</c>, the CLI and the pages.</summary>
    public static string Name(RunState state) => state == RunState.Running ? "running" : "completed";
}
