namespace SparkTuner.Core.Catalog;

/// <summary>The metric catalog (JSON or configuration) is invalid. <see cref="Problems"/> lists every problem found, each naming its profile/metric.</summary>
public sealed class CatalogException : Exception
{
    /// <summary>Creates the exception from the list of problems.</summary>
    public CatalogException(IReadOnlyList<string> problems, Exception? inner = null)
        : base("The metric catalog is invalid: " + string.Join("; ", problems), inner)
    {
        Problems = problems;
    }

    /// <summary>One line per problem.</summary>
    public IReadOnlyList<string> Problems { get; }
}
