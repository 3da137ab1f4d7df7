using SparkTuner.Deploy.Tests.Manifests;
using SparkTuner.TestSupport;

namespace SparkTuner.Deploy.Tests;

/// <summary>The strict check itself: a misspelt field, a wrong type or an unmodelled kind fails, naming where.</summary>
public sealed class StrictCheckTests
{
    private static async Task<string> RenderedAsync(string overlay) =>
        await Kustomize.RenderAsync(Path.Combine(RepoPaths.Root, "deploy", "kubernetes", "overlays", overlay));

    [Theory]
    // Kubernetes' own kinds (KubernetesClient's models) ...
    [InlineData("kubernetes", "readinessProbe:", "readinesProbe:", "readinesProbe")]
    [InlineData("kubernetes", "readOnlyRootFilesystem:", "readOnlyRootFileSystem:", "readOnlyRootFileSystem")]
    [InlineData("kubernetes", "ingressClassName:", "ingressClass:", "ingressClass")]
    // ... and ours: Route, ServiceMonitor.
    [InlineData("openshift", "insecureEdgeTerminationPolicy:", "insecureEdgeTerminationPolcy:", "insecureEdgeTerminationPolcy")]
    [InlineData("openshift", "scrapeTimeout:", "scrapeTimout:", "scrapeTimout")]
    public async Task MisspeltField_FailsNamingTheFieldAndTheObject(string overlay, string field, string misspelt, string named)
    {
        var yaml = await RenderedAsync(overlay);
        Assert.Contains(field, yaml, StringComparison.Ordinal);

        var e = Assert.Throws<ManifestException>(() => StrictManifests.Load(yaml.Replace(field, misspelt, StringComparison.Ordinal), overlay));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.Matches(@"document \d+ \(\w+ '[\w-]+'\)", e.Message);
    }

    [Fact]
    public async Task WrongType_Fails()
    {
        var yaml = await RenderedAsync("kubernetes");

        var e = Assert.Throws<ManifestException>(() => StrictManifests.Load(yaml.Replace("replicas: 1", "replicas: one", StringComparison.Ordinal), "kubernetes"));

        Assert.Contains("Deployment 'sparktuner'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrometheusRuleModel_KnownFieldsPass_MisspeltForFails()
    {
        const string rule = """
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: {name: r}
            spec:
              groups:
                - name: g
                  interval: 30s
                  rules:
                    - alert: A
                      expr: up == 0
                      for: 5m
                      keep_firing_for: 1m
                      labels: {severity: warning}
                      annotations: {summary: s}
            """;

        var loaded = Assert.IsType<PrometheusRule>(Assert.Single(StrictManifests.Load(rule, "rule")));
        Assert.Equal("5m", loaded.Spec.Groups.Single().Rules.Single().For);
        Assert.Equal("1m", loaded.Spec.Groups.Single().Rules.Single().KeepFiringFor);
        Assert.Throws<ManifestException>(() => StrictManifests.Load(rule.Replace("for: 5m", "fro: 5m", StringComparison.Ordinal), "rule"));
    }

    [Fact]
    public void KindWithoutModel_FailsRatherThanPassing()
    {
        var e = Assert.Throws<ManifestException>(() => StrictManifests.Load("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n", "widget"));

        Assert.Contains("no model for example.com/v1/Widget", e.Message, StringComparison.Ordinal);
    }
}
