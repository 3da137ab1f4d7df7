namespace SparkTuner.Clients.Tests.Spark;

/// <summary>Finds the shared Spark fixtures: the folder holding SparkTuner.sln, then ../shared/spark-fixtures.</summary>
internal static class FixturePaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string SparkFixtures => Root.Value;

    public static string Rest(string fileName) => Path.Combine(SparkFixtures, "rest", fileName);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SparkTuner.sln")))
            {
                var fixtures = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "spark-fixtures"));
                if (Directory.Exists(fixtures)) return fixtures;
                throw new DirectoryNotFoundException($"Spark fixtures not found next to the repository: {fixtures}");
            }
        }

        throw new DirectoryNotFoundException("SparkTuner.sln not found above " + AppContext.BaseDirectory);
    }
}
