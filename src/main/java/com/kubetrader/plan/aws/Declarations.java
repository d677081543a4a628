package com.kubetrader.plan.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a plan will send to AWS, resource by resource, written down before anything is declared so that
 * {@link AwsRules} can check it. The components declare the same values from the same plan records; a test runs
 * every stack in the mock engine and holds what was declared to what is written here.
 *
 * <p>Two things the program never writes itself are added here as the provider adds them: the provider's
 * {@code aws:defaultTags} on every type that takes them, and the physical name Pulumi generates for a resource
 * whose name input is left unset (the resource name, a dash and seven random characters).
 */
public final class Declarations {

    /** The tags every taggable resource gets from the provider's {@code aws:defaultTags}. */
    public static final String DEFAULT_TAGS_KEY = "aws:defaultTags";

    /** IDs, ARNs and addresses AWS assigns, which some values embed (a policy naming an interface, say). */
    public interface Ids {
        String id(String type, String resource);

        String arn(String type, String resource);

        String publicIp(String resource);

        /** True when these are stand-ins at their longest rather than the real ones. */
        boolean estimated();

        /**
         * Stand-ins as long as anything AWS gives: 17-hex-digit IDs, the longest IPv4 address, ARNs built from the
         * longest generated names. A length limit that holds for these holds for any real value.
         */
        static Ids longest(String region, String accountId) {
            return new Ids() {
                @Override
                public String id(String type, String resource) {
                    return prefix(type) + "f".repeat(17);
                }

                @Override
                public String arn(String type, String resource) {
                    String name = resource + "-" + "f".repeat(7);
                    return switch (type) {
                        case "aws:iam/role:Role" -> "arn:aws:iam::" + accountId + ":role/" + name;
                        case "aws:iam/instanceProfile:InstanceProfile" -> "arn:aws:iam::" + accountId
                                + ":instance-profile/" + name;
                        default -> "arn:aws:" + type.substring(4, type.indexOf('/')) + ":" + region + ":" + accountId + ":"
                                + type.substring(type.lastIndexOf(':') + 1).toLowerCase(java.util.Locale.ROOT) + "/" + name;
                    };
                }

                @Override
                public String publicIp(String resource) {
                    return "255.255.255.255";
                }

                @Override
                public boolean estimated() {
                    return true;
                }
            };
        }

        private static String prefix(String type) {
            return switch (type) {
                case "aws:ec2/networkInterface:NetworkInterface" -> "eni-";
                case "aws:ec2/eip:Eip" -> "eipalloc-";
                case "aws:ec2/instance:Instance" -> "i-";
                case "aws:ec2/subnet:Subnet" -> "subnet-";
                case "aws:ec2/vpc:Vpc" -> "vpc-";
                case "aws:ec2/securityGroup:SecurityGroup" -> "sg-";
                case "aws:ec2/launchTemplate:LaunchTemplate" -> "lt-";
                default -> "id-";
            };
        }
    }

    private final AwsCatalog catalog;
    private final Map<String, String> defaultTags;
    private final Ids ids;
    private final Map<String, Resource> resources = new LinkedHashMap<>();

    public Declarations(AwsCatalog catalog, Map<String, String> defaultTags, Ids ids) {
        this.catalog = catalog;
        this.defaultTags = Map.copyOf(defaultTags);
        this.ids = ids;
    }

    public Ids ids() {
        return ids;
    }

    /** Starts (or continues) one resource's inputs. */
    public Resource resource(String type, String name) {
        return resources.computeIfAbsent(type + "::" + name, k -> new Resource(type, name));
    }

    /** Every declared input, with default tags and generated names added where the provider adds them. */
    public List<DeclaredInput> inputs() {
        List<DeclaredInput> out = new ArrayList<>();
        for (Resource r : resources.values()) {
            out.addAll(r.values);
            if (!r.tagged) {
                out.addAll(r.tagInputs(Map.of()));
            }
            out.addAll(r.generatedName());
        }
        return out;
    }

    /** The resources written down, as type::name. */
    public List<String> resourceKeys() {
        return List.copyOf(resources.keySet());
    }

    /** One resource's inputs. Null values are left out: the program does not send them. */
    public final class Resource {
        private final String type;
        private final String name;
        private final List<DeclaredInput> values = new ArrayList<>();
        private boolean tagged;
        private boolean named;

        private Resource(String type, String name) {
            this.type = type;
            this.name = name;
        }

        public Resource set(String input, Object value) {
            if (value != null) {
                if ("name".equals(input)) {
                    named = true;
                }
                values.add(DeclaredInput.of(type, name, input, value));
            }
            return this;
        }

        /** A value a stack setting supplies: a violation names the key. */
        public Resource set(String input, Object value, String configKey) {
            if (value != null) {
                if ("name".equals(input)) {
                    named = true;
                }
                values.add(DeclaredInput.of(type, name, input, value).fromConfig(configKey));
            }
            return this;
        }

        /** A value that embeds IDs or ARNs from {@link #ids()}: estimated when those are stand-ins. */
        public Resource withIds(String input, Object value) {
            if (value != null) {
                DeclaredInput in = DeclaredInput.of(type, name, input, value);
                values.add(ids.estimated() ? in.withEstimatedIds() : in);
            }
            return this;
        }

        /** Each element of a list input, as {@code input[]}. */
        public Resource each(String input, List<?> elements) {
            for (Object e : elements) {
                set(input + "[]", e);
            }
            return this;
        }

        /** Each element of a list input a stack setting supplies. */
        public Resource each(String input, List<?> elements, String configKey) {
            for (Object e : elements) {
                set(input + "[]", e, configKey);
            }
            return this;
        }

        /** The resource's own tags; the provider's default tags are merged in when the type takes them. */
        public Resource tags(Map<String, String> tags) {
            tagged = true;
            values.addAll(tagInputs(tags));
            return this;
        }

        private List<DeclaredInput> tagInputs(Map<String, String> own) {
            List<DeclaredInput> out = new ArrayList<>();
            Map<String, Optional<String>> origin = new LinkedHashMap<>();
            Map<String, String> all = new LinkedHashMap<>();
            if (catalog.takesDefaultTags(type)) {
                defaultTags.forEach((k, v) -> {
                    all.put(k, v);
                    origin.put(k, Optional.of(DEFAULT_TAGS_KEY));
                });
            }
            own.forEach((k, v) -> {
                all.put(k, v);
                origin.put(k, Optional.empty());
            });
            if (all.isEmpty()) {
                return out;
            }
            out.add(DeclaredInput.of(type, name, "tags{}", all));
            all.forEach((k, v) -> {
                DeclaredInput key = DeclaredInput.of(type, name, "tags{}key", k);
                DeclaredInput value = DeclaredInput.of(type, name, "tags{}value", v);
                out.add(origin.get(k).map(key::fromConfig).orElse(key));
                out.add(origin.get(k).map(value::fromConfig).orElse(value));
            });
            return out;
        }

        private List<DeclaredInput> generatedName() {
            if (named) {
                return List.of();
            }
            return catalog.autoName(type).map(auto -> {
                String physical = name + "-" + "a".repeat(auto.randomSuffix());
                if (auto.lowerCase()) {
                    physical = physical.toLowerCase(java.util.Locale.ROOT);
                }
                return List.of(new DeclaredInput(type, name, auto.input(), physical, Optional.empty(), true));
            }).orElse(List.of());
        }
    }
}
