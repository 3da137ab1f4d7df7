namespace SparkTuner.TestSupport;

/// <summary>Locates the repository root (the folder holding SparkTuner.sln) and the shared Spark fixtures beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared/spark-fixtures</c> from the repository root.</summary>
    public static string Fixtures => Path.GetFullPath(Path.Combine(Root, "..", "shared", "spark-fixtures"));

    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SparkTuner.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("SparkTuner.sln not found above " + AppContext.BaseDirectory);
    }
}
