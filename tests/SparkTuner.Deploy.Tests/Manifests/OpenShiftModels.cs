using k8s;
using k8s.Models;

namespace SparkTuner.Deploy.Tests.Manifests;

// Offline model of OpenShift's route.openshift.io/v1 Route (OpenShift API reference, Route [route.openshift.io/v1])
// for StrictManifests; KubernetesClient has none. Status is left out: manifests never carry it.

/// <summary>spec.to / spec.alternateBackends[] of a Route.</summary>
public sealed class RouteTargetReference
{
    public string Kind { get; set; } = "Service";
    public string Name { get; set; } = "";
    public int? Weight { get; set; }
}

/// <summary>spec.port of a Route.</summary>
public sealed class RoutePort
{
    public IntOrString? TargetPort { get; set; }
}

/// <summary>spec.tls.externalCertificate of a Route.</summary>
public sealed class LocalObjectReference
{
    public string? Name { get; set; }
}

/// <summary>spec.tls of a Route.</summary>
public sealed class TlsRouteConfig
{
    /// <summary><c>edge</c>, <c>passthrough</c> or <c>reencrypt</c>.</summary>
    public string Termination { get; set; } = "";
    public string? Certificate { get; set; }
    public string? Key { get; set; }
    public string? CaCertificate { get; set; }
    public string? DestinationCACertificate { get; set; }
    /// <summary><c>Allow</c>, <c>None</c> or <c>Redirect</c>.</summary>
    public string? InsecureEdgeTerminationPolicy { get; set; }
    public LocalObjectReference? ExternalCertificate { get; set; }
}

/// <summary>spec of a Route.</summary>
public sealed class RouteSpec
{
    public string? Host { get; set; }
    public string? Subdomain { get; set; }
    public string? Path { get; set; }
    public RouteTargetReference To { get; set; } = new();
    public List<RouteTargetReference>? AlternateBackends { get; set; }
    public RoutePort? Port { get; set; }
    public TlsRouteConfig? Tls { get; set; }
    /// <summary><c>None</c> or <c>Subdomain</c>.</summary>
    public string? WildcardPolicy { get; set; }
}

/// <summary>route.openshift.io/v1 Route.</summary>
public sealed class Route : IKubernetesObject<V1ObjectMeta>, ISpec<RouteSpec>
{
    public string ApiVersion { get; set; } = "route.openshift.io/v1";
    public string Kind { get; set; } = "Route";
    public V1ObjectMeta Metadata { get; set; } = new();
    public RouteSpec Spec { get; set; } = new();
}
