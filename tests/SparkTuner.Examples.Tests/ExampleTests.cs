using SparkTuner.Core.Runs;
using SparkTuner.TestSupport;

namespace SparkTuner.Examples.Tests;

/// <summary>The talk's job in examples/cartesian: Python that compiles, names the variant rule pairs, manifests that pass a strict schema.</summary>
public sealed class ExampleTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "examples", "cartesian");
    private static string Script => Path.Combine(Folder, "cartesian_job.py");

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var python = file == "python3" ? PrometheusServer.Binary("python3") : PrometheusServer.Binary(file);
        return await PrometheusServer.RunAsync(python, CancellationToken.None, args);
    }

    [Fact]
    public async Task Job_CompilesWithPython3()
    {
        var dir = ServerProcess.NewRoot("pyc");
        try
        {
            // -m py_compile into a temporary file, so the checkout gets no __pycache__.
            var (code, output) = await RunAsync("python3", "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", Script, Path.Combine(dir, "job.pyc"));
            Assert.True(code == 0, output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task BrokenPython_IsCaughtByTheSameCheck()
    {
        var dir = ServerProcess.NewRoot("pyc");
        try
        {
            var broken = Path.Combine(dir, "broken.py");
            await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Script)).Replace("def main(argv=None):", "def main(argv=None)", StringComparison.Ordinal));
            var (code, output) = await RunAsync("python3", "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", broken, Path.Combine(dir, "b.pyc"));
            Assert.NotEqual(0, code);
            Assert.Contains("SyntaxError", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The names the job gives itself, asked of the script (its naming needs no Spark).</summary>
    private static async Task<string> AppNameAsync(string variant, long nrow = 200_000)
    {
        var (code, output) = await RunAsync("python3", "-B", "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import cartesian_job as j; print(j.app_name(int(sys.argv[2]), sys.argv[3]))",
            Folder, nrow.ToString(System.Globalization.CultureInfo.InvariantCulture), variant);
        Assert.True(code == 0, output);
        return output.Trim();
    }

    [Fact]
    public async Task AppNames_ArePairedByTheDefaultVariantRule()
    {
        var noncached = await AppNameAsync("noncached");
        var cached = await AppNameAsync("cached");
        Assert.Equal("cartesian-200k-noncached", noncached);
        Assert.Equal("cartesian-200k-cached", cached);
        Assert.Equal("noncached", VariantRule.Default.Parse(noncached));
        Assert.Equal("cached", VariantRule.Default.Parse(cached));
        Assert.Equal("cartesian-2m-cached", await AppNameAsync("cached", 2_000_000));
    }

    public static TheoryData<string> Variants() => new() { "noncached", "cached" };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task SparkApplication_PassesTheStrictModel_AndRunsTheJobUnderItsVariantName(string variant)
    {
        var app = SparkApplication.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, $"sparkapplication-{variant}.yaml")));
        Assert.Empty(app.Problems());
        var name = await AppNameAsync(variant);
        Assert.Equal(name, app.Metadata.Name);
        Assert.Equal(name, app.Spec.SparkConf!["spark.app.name"]);
        Assert.Equal(variant, VariantRule.Default.Parse(app.Metadata.Name));
        Assert.Equal("Python", app.Spec.Type);
        Assert.EndsWith("/" + Path.GetFileName(Script), app.Spec.MainApplicationFile, StringComparison.Ordinal);
        Assert.Equal(["--variant", variant, "--nrow", "200000"], app.Spec.Arguments!);
        // The mounted ConfigMap's folder is where mainApplicationFile points.
        var mount = Assert.Single(app.Spec.Driver!.ConfigMaps!);
        Assert.Equal("local://" + mount.Path + "/cartesian_job.py", app.Spec.MainApplicationFile);
        // What SparkTuner reads (README: Spark side).
        Assert.Equal("true", app.Spec.SparkConf["spark.ui.prometheus.enabled"]);
        Assert.Equal("${spark.app.name}", app.Spec.SparkConf["spark.metrics.namespace"]);
        Assert.Equal("org.apache.spark.metrics.sink.PrometheusServlet", app.Spec.SparkConf["spark.metrics.conf.*.sink.prometheusServlet.class"]);
        Assert.Equal((4, 2, "4g"), (app.Spec.Executor!.Instances, app.Spec.Executor.Cores, app.Spec.Executor.Memory));
    }

    [Fact]
    public async Task BothManifests_DifferOnlyInTheVariant()
    {
        var noncached = await File.ReadAllTextAsync(Path.Combine(Folder, "sparkapplication-noncached.yaml"));
        var cached = await File.ReadAllTextAsync(Path.Combine(Folder, "sparkapplication-cached.yaml"));
        Assert.Equal(noncached.Replace("noncached", "cached", StringComparison.Ordinal), cached);
    }

    [Theory]
    [InlineData("    instances: 4", "    instance: 4")]
    [InlineData("  mainApplicationFile:", "  mainApplicationfile:")]
    [InlineData("  restartPolicy:\n    type: Never", "  restartPolicy:\n    typ: Never")]
    [InlineData("    cores: 2", "    cores: two")]
    public void StrictModel_RefusesAMisspeltFieldOrAWrongType(string good, string bad)
    {
        var yaml = File.ReadAllText(Path.Combine(Folder, "sparkapplication-cached.yaml"));
        Assert.Contains(good, yaml, StringComparison.Ordinal);
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => SparkApplication.Parse(yaml.Replace(good, bad, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("  type: Python", "  type: Pyhton", "spec.type")]
    [InlineData("    memory: 4g", "    memory: 4GB", "spec.executor.memory")]
    [InlineData("  mode: cluster", "  mode: clustr", "spec.mode")]
    public void StrictModel_RefusesAValueTheCrdDoesNotAllow(string good, string bad, string problem)
    {
        var yaml = File.ReadAllText(Path.Combine(Folder, "sparkapplication-cached.yaml"));
        Assert.Contains(good, yaml, StringComparison.Ordinal);
        Assert.Contains(SparkApplication.Parse(yaml.Replace(good, bad, StringComparison.Ordinal)).Problems(), p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SparkSubmitScript_ParsesAndRunsBothVariantsWithTheSparkTunerSettings()
    {
        var path = Path.Combine(Folder, "spark-submit.sh");
        var (code, output) = await RunAsync("bash", "-n", path);
        Assert.True(code == 0, output);
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("cartesian_job.py\" --variant noncached", text, StringComparison.Ordinal);
        Assert.Contains("cartesian_job.py\" --variant cached", text, StringComparison.Ordinal);
        Assert.Contains("'spark.metrics.namespace=${spark.app.name}'", text, StringComparison.Ordinal);
        Assert.Contains("spark.ui.prometheus.enabled=true", text, StringComparison.Ordinal);
    }
}
