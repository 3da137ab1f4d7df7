namespace SparkTuner.Core.Series;

/// <summary>
/// The one exception a data source throws. <see cref="ErrorType"/> is Prometheus' own errorType where the server
/// answered with an error envelope (bad_data, timeout, execution, unavailable, canceled, internal, not_found, …),
/// or one of ours: "unreachable" (connection refused, DNS, TLS), "timeout" (our deadline passed),
/// "bad_response" (HTML or garbage instead of the JSON envelope). <see cref="Exception.Message"/> is one line a person can read.
/// </summary>
public class DataSourceException : Exception
{
    public DataSourceException(string errorType, string message, string? query = null, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorType = errorType;
        Query = query;
        StatusCode = statusCode;
    }

    public string ErrorType { get; }

    /// <summary>The PromQL (or request) that failed, for the expert view.</summary>
    public string? Query { get; }

    /// <summary>HTTP status, when the server answered at all.</summary>
    public int? StatusCode { get; }
}
