using k8s;
using k8s.Models;
using YamlDotNet.Core;

namespace SparkTuner.Deploy.Tests.Manifests;

/// <summary>
/// The strict offline schema check of rendered manifests: every document is read into its model with KubernetesClient's
/// strict YAML reader (<c>KubernetesYaml.LoadAllFromString(…, strict: true)</c>), so an unknown or misspelt field, a
/// duplicate key or a value of the wrong type fails, naming the document and the line. Kubernetes' own kinds come
/// from KubernetesClient; Route, ServiceMonitor, PodMonitor and PrometheusRule from the models in this folder (add a
/// kind to <see cref="Models"/> to check it). A kind with no model fails too, rather than being let through.
/// </summary>
public static class StrictManifests
{
    /// <summary>Our models of kinds KubernetesClient does not know, by "apiVersion/kind".</summary>
    public static IReadOnlyDictionary<string, Type> Models { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["route.openshift.io/v1/Route"] = typeof(Route),
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
        ["monitoring.coreos.com/v1/PodMonitor"] = typeof(PodMonitor),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(PrometheusRule),
        ["console.openshift.io/v1/ConsolePlugin"] = typeof(ConsolePlugin),
    };

    /// <summary>Reads every document of <paramref name="yaml"/> strictly into its model.</summary>
    /// <param name="yaml">One or more YAML documents (a <c>kubectl kustomize</c> output or a manifest file).</param>
    /// <param name="source">What the text is (a folder or file), for the message.</param>
    /// <returns>The objects, in document order.</returns>
    /// <exception cref="ManifestException">A document has an unknown field, a wrong type, a duplicate key, no apiVersion or
    /// kind, or a kind with no model; the message names the source, the document and the YAML reader's position.</exception>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Load(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var documents = Documents(yaml);
        var objects = new List<IKubernetesObject<V1ObjectMeta>>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var what = $"{source}, document {i + 1}";
            var header = KubernetesYaml.Deserialize<Dictionary<string, object>>(documents[i]);
            if (header is null || !header.TryGetValue("apiVersion", out var apiVersion) || !header.TryGetValue("kind", out var kind))
            {
                throw new ManifestException($"{what}: no apiVersion or kind");
            }
            var key = $"{apiVersion}/{kind}";
            if (!Models.ContainsKey(key) && !KnownToKubernetesClient(key))
            {
                throw new ManifestException($"{what}: no model for {key}; add one to StrictManifests.Models");
            }
            what += $" ({kind} {Name(header)})";
            try
            {
                var loaded = KubernetesYaml.LoadAllFromString(documents[i], Models.ToDictionary(m => m.Key, m => m.Value), strict: true);
                objects.Add((IKubernetesObject<V1ObjectMeta>)loaded.Single());
            }
            catch (YamlException e)
            {
                throw new ManifestException($"{what}: {e.Message} {Inner(e)}".TrimEnd(), e);
            }
        }
        return objects;
    }

    /// <summary>The documents of a multi-document YAML text (empty ones dropped).</summary>
    public static IReadOnlyList<string> Documents(string yaml) =>
        System.Text.RegularExpressions.Regex.Split(yaml, @"^---[ \t]*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Where(d => d.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')))
            .ToList();

    private static bool KnownToKubernetesClient(string key)
    {
        var parts = key.Split('/');
        var (group, version, kind) = parts.Length == 3 ? (parts[0], parts[1], parts[2]) : ("", parts[0], parts[1]);
        return typeof(V1Pod).Assembly.GetTypes().Any(t => t.GetCustomAttributes(typeof(KubernetesEntityAttribute), false)
            .OfType<KubernetesEntityAttribute>()
            .Any(a => a.Group == group && a.ApiVersion == version && a.Kind == kind));
    }

    private static string Name(Dictionary<string, object> header) =>
        header.TryGetValue("metadata", out var m) && m is Dictionary<object, object> meta && meta.TryGetValue("name", out var n) ? $"'{n}'" : "(no name)";

    private static string Inner(Exception e) => e.InnerException is { } inner ? $"({inner.Message})" : "";
}

/// <summary>A manifest failed the strict check; the message says where and why.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException(string message) : base(message) { }

    public ManifestException(string message, Exception inner) : base(message, inner) { }
}
