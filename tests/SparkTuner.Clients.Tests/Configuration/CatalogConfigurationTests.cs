using Microsoft.Extensions.Configuration;
using SparkTuner.Clients.DependencyInjection;
using SparkTuner.Core.Catalog;

namespace SparkTuner.Clients.Tests.Configuration;

public class CatalogConfigurationTests
{
    private static IConfiguration Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();

    [Fact]
    public void LoadCatalog_NoSection_BuiltInCatalog()
    {
        var catalog = SparkTunerServices.LoadCatalog(Json("{}"));
        Assert.Same(MetricCatalog.Default, catalog);
    }

    [Fact]
    public void LoadCatalog_AppsettingsAddsMetricAndCorrectsTemplate_WithoutRecompiling()
    {
        // What a user writes into appsettings.json: a new metric with its template, and a corrected spark-native template.
        var catalog = SparkTunerServices.LoadCatalog(Json("""
        {
          "Catalog": {
            "Metrics": [
              { "Id": "disk_used", "DisplayName": "Block manager disk used", "Group": "Memory", "Unit": "Bytes", "Kind": "Gauge",
                "Better": "LowerIsBetter", "Scopes": [ "Executor" ], "Description": "Disk used by cached blocks.", "PeakSensitive": true }
            ],
            "Summary": [
              { "Id": "executor_disk_used_peak_bytes", "MetricId": "disk_used", "Scope": "Executor", "Statistic": "Peak", "Aggregation": "Sum", "DisplayName": "Disk used by blocks (all executors)" }
            ],
            "Profiles": [
              { "Name": "spark-native",
                "Metrics": {
                  "disk_used": { "Executor": { "Query": "metrics_executor_diskUsed_bytes{application_id={app_id}, executor_id!=\"driver\"}" } },
                  "active_tasks": { "Executor": { "Query": "max by (executor_id) (metrics_executor_activeTasks{application_id={app_id}, executor_id!=\"driver\"})" } }
                } }
            ]
          }
        }
        """));

        var added = catalog.GetMetric("disk_used");
        Assert.True(added.PeakSensitive);
        Assert.Contains(catalog.Summary, s => s.Id == "executor_disk_used_peak_bytes");
        var resolved = catalog.Resolve("disk_used", MetricScope.Executor, ["spark-native"]);
        Assert.True(resolved.IsAvailable);
        Assert.StartsWith("max by (executor_id)", catalog.Resolve("active_tasks", MetricScope.Executor, ["spark-native"]).Template!.Query, StringComparison.Ordinal);
        // Everything else of the built-in catalog is still there.
        Assert.True(catalog.Resolve("jvm_heap", MetricScope.Driver, ["spark-native"]).IsAvailable);
    }

    [Fact]
    public void LoadCatalog_UnknownPlaceholder_FailsAtStartWithTheProfileAndMetricNamed()
    {
        var ex = Assert.Throws<CatalogException>(() => SparkTunerServices.LoadCatalog(Json("""
        { "Catalog": { "Profiles": [ { "Name": "spark-native", "Metrics": { "jvm_heap": { "Driver": { "Query": "x{app={application}}" } } } } ] } }
        """)));
        Assert.Contains("spark-native", ex.Message, StringComparison.Ordinal);
        Assert.Contains("jvm_heap", ex.Message, StringComparison.Ordinal);
    }
}
