namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// Reads each answer's body before the response leaves the handler chain, so the place under the upstream cap
/// (<see cref="UpstreamGate"/>, taken in the resilience pipeline around this handler) and the per-attempt timeout cover
/// the whole exchange: a large raw-sample answer still streaming from Prometheus counts as in flight. The bytes are kept
/// in one buffer that the parser reads in place (<see cref="BufferedBody"/>): a raw-sample answer can be a hundred
/// megabytes, and HttpContent's own buffering hands out copies.
/// </summary>
public sealed class BufferedContentHandler : DelegatingHandler
{
    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var original = response.Content;
            var buffer = new MemoryStream(original.Headers.ContentLength is > 0 and < int.MaxValue and var n ? (int)n : 64 * 1024);
            await original.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            var body = new BufferedBody(new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
            foreach (var header in original.Headers)
            {
                body.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = body;
            original.Dispose();
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return response;
    }
}

/// <summary>An answer's body read whole, exposed as the bytes themselves (no copy) for the parser.</summary>
public sealed class BufferedBody(ArraySegment<byte> bytes) : HttpContent
{
    /// <summary>The body.</summary>
    public ArraySegment<byte> Bytes { get; } = bytes;

    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        stream.WriteAsync(Bytes.Array!, Bytes.Offset, Bytes.Count);

    /// <inheritdoc/>
    protected override bool TryComputeLength(out long length)
    {
        length = Bytes.Count;
        return true;
    }
}
