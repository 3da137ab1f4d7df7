using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SparkTuner.Clients.Spark;
using SparkTuner.Core.Spark;

namespace SparkTuner.Clients.Tests.Spark;

/// <summary>Serves the HistoryServerSuite expectation files at the paths that produced them (README of rest/).</summary>
internal static class SparkFixtureServer
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["applications"] = "application_list_json_expectation.json",
        ["applications/local-1422981780767"] = "one_app_json_expectation.json",
        ["applications/local-1426533911241"] = "one_app_multi_attempt_json_expectation.json",
        ["applications/local-1422981780767/jobs"] = "job_list_json_expectation.json",
        ["applications/local-1422981780767/jobs/0"] = "one_job_json_expectation.json",
        ["applications/local-1422981780767/executors"] = "executor_list_json_expectation.json",
        ["applications/application_1553914137147_0018/executors"] = "{v}executor_list_with_executor_metrics_json_expectation.json",
        ["applications/app-20161116163331-0000/executors"] = "executor_memory_usage_expectation.json",
        ["applications/application_1555004656427_0144/executors"] = "executor_resource_information_expectation.json",
        ["applications/local-1422981780767/stages"] = "stage_list_json_expectation.json",
        ["applications/app-20200706201101-0003/stages"] = "{v}stage_list_with_peak_metrics_expectation.json",
        ["applications/app-20200706201101-0003/stages/2/0"] = "stage_with_summaries_expectation.json",
        ["applications/local-1430917381534/stages/1/0/taskSummary"] = "stage_task_summary_w_shuffle_read_expectation.json",
        ["applications/app-20161116163331-0000/environment"] = "app_environment_expectation.json",
        ["applications/application_1578436911597_0052/environment"] = "multiple_resource_profiles_expectation.json",
        ["applications/local-1422981780767/storage/rdd/0"] = "one_rdd_storage_json_expectation.json",
        ["applications/local-1422981780767/storage/rdd"] = "rdd_list_storage_json_expectation.json",
        ["applications/application_1555004656427_0144/allmiscellaneousprocess"] = "miscellaneous_process_expectation.json",
    };

    /// <summary>Starts a server; <paramref name="sparkVersion"/> "4.0" serves the v4.0.0-preview1 variants.</summary>
    public static LoopbackServer Start(string sparkVersion = "3.5") => new(url => Reply(url, sparkVersion));

    private static LoopbackReply? Reply(Uri url, string version)
    {
        const string prefix = "/api/v1/";
        var path = Uri.UnescapeDataString(url.AbsolutePath);
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) return LoopbackReply.NotFound("no such path");
        path = path[prefix.Length..];
        if (Files.TryGetValue(path, out var file)) return LoopbackReply.File(FileFor(file, version));

        // Any other single application: its entry from the application list, as the history server would return it.
        var parts = path.Split('/');
        if (parts is ["applications", var id])
        {
            var list = JsonNode.Parse(File.ReadAllText(FixturePaths.Rest("application_list_json_expectation.json")))!.AsArray();
            var app = list.FirstOrDefault(a => (string?)a!["id"] == id);
            return app is null ? LoopbackReply.NotFound($"no such app: {id}") : LoopbackReply.Json(app.ToJsonString());
        }

        // Attempt segment (…/{id}/{attemptId}/…): serve the same file as without it.
        if (parts.Length > 3 && parts[0] == "applications" && parts[2].All(char.IsDigit))
        {
            var withoutAttempt = string.Join('/', parts.Where((_, i) => i != 2));
            if (Files.TryGetValue(withoutAttempt, out var f)) return LoopbackReply.File(FileFor(f, version));
            var suffix = string.Join('/', parts.Skip(3));
            if (Files.TryGetValue("applications/local-1422981780767/" + suffix, out var g)) return LoopbackReply.File(FileFor(g, version));
        }

        return LoopbackReply.NotFound($"no such app: {(parts.Length > 1 ? parts[1] : path)}");
    }

    private static string FileFor(string file, string version) =>
        file.StartsWith("{v}", StringComparison.Ordinal)
            ? FixturePaths.Rest(Path.Combine(version == "4.0" ? "v4.0.0-preview1" : "", file[3..]))
            : FixturePaths.Rest(file);

    /// <summary>The real registration (AddSparkRestClient) pointed at <paramref name="baseUrl"/>.</summary>
    public static ServiceProvider Services(string? baseUrl, int timeoutSeconds = 30) =>
        new ServiceCollection()
            .AddSparkRestClient(o => { o.BaseUrl = baseUrl; o.TimeoutSeconds = timeoutSeconds; })
            .Services.BuildServiceProvider();

    public static ISparkHistorySource Source(this ServiceProvider sp) => sp.GetRequiredService<ISparkHistorySource>();

    public static ISparkRestApi Api(this ServiceProvider sp) => sp.GetRequiredService<ISparkRestApi>();
}
