using SparkTuner.Core.Diagnostics;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Services;

/// <summary>Builds the Data source page's model from the Core data-source check (the one behind the CLI and /api/doctor).</summary>
public sealed class DataSourcePageService(DataSourceDoctor doctor)
{
    /// <summary>Runs the check for <paramref name="runId"/> (null: the most recent run of the last 24 h) and builds the page model.</summary>
    /// <exception cref="OperationCanceledException">The page went away.</exception>
    public async Task<DataSourcePageModel> LoadAsync(string? runId, CancellationToken cancellationToken) =>
        DataSourcePageModel.From(await doctor.CheckAsync(runId, cancellationToken));
}
