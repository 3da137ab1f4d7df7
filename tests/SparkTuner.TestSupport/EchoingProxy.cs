using System.Net;
using System.Text;
using System.Text.Json;

namespace SparkTuner.TestSupport;

/// <summary>
/// A loopback proxy in front of a real Prometheus that does what some proxies do on errors: it echoes the request's
/// headers, Authorization first, in its error text. This is a fault a real Prometheus cannot produce. Requests chosen by
/// <c>echo</c> get that error. A POST (a query) gets a JSON error envelope (422, <c>bad_data</c>). Any other request gets
/// a plain-text 500, which the client shows as a cut snippet. Every other request is forwarded to the upstream, and its
/// answer is passed back unchanged.
/// </summary>
public static class EchoingProxy
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Starts in front of <paramref name="upstream"/> (null: nothing is forwarded, every request is echoed).</summary>
    public static StubPrometheus Start(string? upstream, Func<CapturedRequest, bool> echo)
    {
        return new StubPrometheus(request => upstream is null || echo(request) ? Echo(request) : Forward(upstream, request));
    }

    /// <summary>True for a query whose PromQL contains <paramref name="text"/> (case-insensitive).</summary>
    public static bool QueryContains(CapturedRequest request, string text) =>
        (request.Field("query") ?? request.Field("query", fromQuery: true) ?? "").Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>The echoed text: every request header, Authorization first.</summary>
    public static string HeadersText(CapturedRequest request) =>
        "request headers: " + string.Join("; ", request.Headers
            .OrderBy(h => string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .Select(h => $"{h.Key}: {h.Value}"));

    private static StubAnswer Echo(CapturedRequest request) =>
        request.Method == "POST"
            ? new StubAnswer(422, JsonSerializer.Serialize(new { status = "error", errorType = "bad_data", error = HeadersText(request) }))
            : new StubAnswer(500, HeadersText(request) + "\n", "text/plain");

    private static StubAnswer Forward(string upstream, CapturedRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), upstream.TrimEnd('/') + request.Path + request.Query);
        if (request.Method == "POST")
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8);
            message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.ContentType ?? "application/x-www-form-urlencoded");
        }
        // The stub's route is synchronous; a blocking send on the stub's own worker task is fine for a test.
        using var response = Http.Send(message);
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return new StubAnswer((int)response.StatusCode, reader.ReadToEnd(), response.Content.Headers.ContentType?.MediaType ?? "application/json");
    }
}
