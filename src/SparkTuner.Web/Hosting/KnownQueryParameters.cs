using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace SparkTuner.Web.Hosting;

/// <summary>
/// Refuses a query parameter an <c>/api</c> endpoint does not know, with a 400 validation problem that names it and
/// lists the known ones. Minimal APIs ignore unknown parameters, so a misspelt one (<c>agg=max</c> for
/// <c>aggregation=max</c>, <c>baselines=…</c>) would silently give a default answer to a question that was not asked.
/// The known parameters are the handler's own query-bound parameters, so the list cannot drift from the endpoint.
/// (Pages accept unknown parameters: see <see cref="Model.DashboardUrls.ParseCompare"/>.)
/// </summary>
public static class KnownQueryParameters
{
    /// <summary>The endpoint filter factory; add it to the <c>/api</c> group.</summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        var known = context.MethodInfo.GetParameters().Where(IsQuery).Select(Name).ToArray();
        return async invocation =>
        {
            var request = invocation.HttpContext.Request;
            var unknown = request.Query.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count == 0)
            {
                return await next(invocation);
            }
            var expected = known.Length == 0 ? $"{request.Path} takes no parameters" : $"known: {string.Join(", ", known)}";
            var errors = unknown.ToDictionary(u => Shorten(u), u => new[] { $"'{Shorten(u)}' is not a parameter of {request.Path}; {expected}" }, StringComparer.Ordinal);
            return TypedResults.ValidationProblem(errors,
                detail: string.Join("; ", errors.Values.SelectMany(m => m)),
                title: "The request is not valid");
        };
    }

    // What minimal APIs bind from the query string of a GET: strings and simple values, or what says [FromQuery].
    // Services (resolved from DI) and the CancellationToken are neither.
    private static bool IsQuery(ParameterInfo p)
    {
        if (p.GetCustomAttribute<FromQueryAttribute>() is not null) return true;
        if (p.GetCustomAttributes().Any(a => a is FromServicesAttribute or FromBodyAttribute or FromHeaderAttribute or FromRouteAttribute)) return false;
        var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        return type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(decimal);
    }

    private static string Name(ParameterInfo p) => p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
