using System.Globalization;
using System.Net;
using System.Text;

namespace SparkTuner.Cli.Commands;

/// <summary>
/// A tiny HTTP server (HttpListener) for the demo commands: GET and HEAD go to <c>answer</c>, any other method gets 405,
/// a client that goes away is ignored. One loop serves the demo's REST API and its live metrics endpoints alike.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<Uri, (int Status, string ContentType, string Body)> _answer;
    private readonly (int Status, string ContentType, string Body) _notAllowed;
    private readonly Task _loop;

    private LoopbackHttpServer(HttpListener listener, string baseUrl, Func<Uri, (int, string, string)> answer, (int, string, string) notAllowed)
    {
        _listener = listener;
        _answer = answer;
        _notAllowed = notAllowed;
        BaseUrl = baseUrl;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>http://host:port (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>Starts listening on http://<paramref name="host"/>:<paramref name="port"/>/.</summary>
    /// <param name="host">Host or address to bind.</param>
    /// <param name="port">Port to bind.</param>
    /// <param name="answer">The answer to a GET of a URL: status, content type, body (UTF-8).</param>
    /// <param name="notAllowed">The answer to any method but GET and HEAD (status 405).</param>
    /// <exception cref="HttpListenerException">The port is taken or cannot be bound.</exception>
    public static LoopbackHttpServer Start(string host, int port, Func<Uri, (int, string, string)> answer, (int, string, string) notAllowed)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var baseUrl = string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}");
        var listener = new HttpListener();
        listener.Prefixes.Add(baseUrl + "/");
        listener.Start();
        return new LoopbackHttpServer(listener, baseUrl, answer, notAllowed);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var (status, type, text) = context.Request.HttpMethod is "GET" or "HEAD" ? _answer(context.Request.Url!) : _notAllowed;
            var body = Encoding.UTF8.GetBytes(text);
            response.StatusCode = status;
            response.ContentType = type;
            response.ContentLength64 = body.Length;
            if (context.Request.HttpMethod != "HEAD") response.OutputStream.Write(body);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // client went away
        }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
