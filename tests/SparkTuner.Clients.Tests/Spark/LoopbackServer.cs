using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SparkTuner.Clients.Tests.Spark;

/// <summary>Reply of the loopback server; a null reply means "hang until the server is disposed".</summary>
internal sealed record LoopbackReply(int Status, string ContentType, string Body)
{
    public static LoopbackReply Json(string body) => new(200, "application/json", body);
    public static LoopbackReply File(string path) => Json(System.IO.File.ReadAllText(path));
    public static LoopbackReply NotFound(string text) => new(404, "text/plain", text);
}

/// <summary>Tiny HTTP server on 127.0.0.1 with a free port; the handler sees path+query of each request.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Uri, LoopbackReply?> _handler;
    private readonly Task _loop;
    private readonly List<Uri> _requests = [];

    public LoopbackServer(Func<Uri, LoopbackReply?> handler)
    {
        _handler = handler;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<Uri> Requests { get { lock (_requests) return _requests.ToList(); } }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening) { return; }
            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        var url = ctx.Request.Url!;
        lock (_requests) _requests.Add(url);
        try
        {
            var reply = _handler(url);
            if (reply is null)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            ctx.Response.StatusCode = reply.Status;
            ctx.Response.ContentType = reply.ContentType;
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        catch (Exception)
        {
            try { ctx.Response.Abort(); } catch (Exception) { /* connection already gone */ }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try { await _loop; } catch (Exception) { /* stopping */ }
        _stop.Dispose();
    }
}
