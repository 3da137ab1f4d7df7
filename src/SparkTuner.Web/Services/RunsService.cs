using SparkTuner.Core.Runs;
using SparkTuner.Core.Series;
using SparkTuner.Web.Model;

namespace SparkTuner.Web.Services;

/// <summary>Builds the Runs page's view model from run discovery; errors become a message, never an exception.</summary>
public sealed class RunsService(RunDiscovery discovery)
{
    public async Task<RunsViewModel> LoadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        try
        {
            var runs = await discovery.DiscoverAsync(from, to, cancellationToken);
            return new RunsViewModel(from, to, runs, null);
        }
        catch (DataSourceException ex)
        {
            return new RunsViewModel(from, to, [], ex.Message);
        }
        catch (ArgumentException ex)
        {
            return new RunsViewModel(from, to, [], ex.Message);
        }
    }
}
