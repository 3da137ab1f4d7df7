using Microsoft.AspNetCore.Diagnostics;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// A fault of the server itself under <c>/api</c> (a bug, not the request or the data source): logged with its stack,
/// answered as a 500 problem with no exception detail. Work cancelled because the caller left or the server is stopping
/// is no fault: one information line, 503 (whoever is still there learns the server is going away). Elsewhere the
/// exception handler's error page answers.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> log, IHostApplicationLifetime lifetime) : IExceptionHandler
{
    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page: the feature keeps the path asked for.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value ?? "";
        if (!new PathString(path).StartsWithSegments("/api"))
        {
            return false;
        }
        if (exception is OperationCanceledException
            && (httpContext.RequestAborted.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested))
        {
            log.LogInformation("{Method} {Path} cancelled: {Reason}", httpContext.Request.Method, path,
                lifetime.ApplicationStopping.IsCancellationRequested ? "the server is stopping" : "the client left");
            await TypedResults.Problem("The server is stopping or the request was cancelled; try again.",
                    statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cancelled")
                .ExecuteAsync(httpContext);
            return true;
        }
        // Handled exceptions are not logged by the middleware (ASP.NET Core 10): say what failed here.
        log.LogError(exception, "{Method} {Path} failed", httpContext.Request.Method, path);
        await TypedResults.Problem(
                "The server failed while answering this request; the error is in its log.",
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Internal server error")
            .ExecuteAsync(httpContext);
        return true;
    }
}
