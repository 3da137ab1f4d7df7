namespace SparkTuner.Clients.Prometheus;

/// <summary>
/// Reads each answer's body before the response leaves the handler chain, so the place under the upstream cap
/// (<see cref="UpstreamGate"/>, taken in the resilience pipeline around this handler) and the per-attempt timeout cover
/// the whole exchange: a large raw-sample answer still streaming from Prometheus counts as in flight.
/// </summary>
public sealed class BufferedContentHandler : DelegatingHandler
{
    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return response;
    }
}
