using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SparkTuner.Core.Catalog;

namespace SparkTuner.Clients.Configuration;

/// <summary>
/// The one way a configuration section becomes options: its shape is checked (<see cref="ConfigurationShape"/>), it is
/// bound, its <see cref="IValidateOptions{TOptions}"/> validators run, and all of it happens at start-up
/// (<c>ValidateOnStart</c>; the CLI calls <see cref="IStartupValidator"/> itself). A mistake stops the start with
/// <c>KEY = 'VALUE' problem; expected …</c> for each key at fault.
/// </summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>Options <typeparamref name="TOptions"/> from <paramref name="section"/>, validated by <typeparamref name="TValidator"/> at start-up.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddValidatedOptions<TOptions>(section);
    }

    /// <summary>Options <typeparamref name="TOptions"/> from <paramref name="section"/>, shape-checked at start-up.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new ShapeValidator<TOptions>(section)));
        // The keys the shape check refuses are left out of binding (the binder would throw on the first, naming no
        // expectation); ShapeValidator reports them, the options' own validators everything else.
        return services.AddOptions<TOptions>()
            .Configure(o => ConfigurationShape.BindValid(section, o))
            .ValidateOnStart();
    }

    /// <summary>Runs every validation registered with <c>ValidateOnStart</c> now, as a host does when it starts (for the CLI, which has no host).</summary>
    /// <exception cref="OptionsValidationException">A section is misconfigured; the message names every key at fault.</exception>
    public static void ValidateOnStartNow(this IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            var first = (OptionsValidationException)e.InnerExceptions[0];
            throw new OptionsValidationException(first.OptionsName, first.OptionsType, ConfigurationErrors(e)!);
        }
    }

    /// <summary>
    /// The configuration mistakes an exception thrown at start-up stands for, one line per key at fault
    /// (<see cref="OptionsValidationException"/>s, alone or aggregated, and an invalid <c>Catalog</c> section); null for
    /// any other exception.
    /// </summary>
    public static IReadOnlyList<string>? ConfigurationErrors(Exception exception) => exception switch
    {
        OptionsValidationException e => e.Failures.Distinct(StringComparer.Ordinal).ToList(),
        CatalogException e => e.Problems.Select(p => $"Catalog: {p}").ToList(),
        AggregateException a when a.InnerExceptions.All(i => ConfigurationErrors(i) is not null) =>
            a.InnerExceptions.SelectMany(i => ConfigurationErrors(i)!).Distinct(StringComparer.Ordinal).ToList(),
        _ => null,
    };

    private sealed class ShapeValidator<TOptions>(IConfiguration section) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var failures = ConfigurationShape.Check(section, typeof(TOptions));
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
