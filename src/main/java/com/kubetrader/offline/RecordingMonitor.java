package com.kubetrader.offline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.pulumi.Log;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.internal.MockMonitor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import pulumirpc.Resource.ReadResourceRequest;
import pulumirpc.Resource.ReadResourceResponse;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

/** The mock engine's monitor, keeping what each registration asked for: parent, protection, inputs. */
final class RecordingMonitor extends MockMonitor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Registration> registrations = Collections.synchronizedList(new ArrayList<>());

    static final class Registration {
        final String type;
        final String name;
        final String parentUrn;
        final boolean custom;
        final boolean protect;
        final boolean retainOnDelete;
        final Optional<String> readId;
        final Map<String, Object> inputs;
        volatile String id = "";

        Registration(String type, String name, String parentUrn, boolean custom, boolean protect,
                     boolean retainOnDelete, Optional<String> readId, Map<String, Object> inputs) {
            this.type = type;
            this.name = name;
            this.parentUrn = parentUrn;
            this.custom = custom;
            this.protect = protect;
            this.retainOnDelete = retainOnDelete;
            this.readId = readId;
            this.inputs = inputs;
        }
    }

    RecordingMonitor(Mocks mocks, Log log) {
        super(mocks, log);
    }

    List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    @Override
    public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                             RegisterResourceRequest request) {
        var registration = new Registration(request.getType(), request.getName(), request.getParent(),
                request.getCustom(), request.getProtect(), request.getRetainOnDelete(), Optional.empty(),
                toMap(request.getObject()));
        registrations.add(registration);
        return super.registerResourceAsync(resource, request).thenApply(response -> {
            registration.id = response.getId();
            return response;
        });
    }

    @Override
    public CompletableFuture<ReadResourceResponse> readResourceAsync(Resource resource, ReadResourceRequest request) {
        var registration = new Registration(request.getType(), request.getName(), request.getParent(), true,
                false, false, Optional.of(request.getId()), toMap(request.getProperties()));
        registration.id = request.getId();
        registrations.add(registration);
        return super.readResourceAsync(resource, request);
    }

    private static Map<String, Object> toMap(Struct struct) {
        try {
            return JSON.readValue(JsonFormat.printer().print(struct), new TypeReference<Map<String, Object>>() { });
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read the inputs of a registration", e);
        }
    }
}
